import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CertificateEntity } from './certificate.entity';

/** SQL of the certificate registry (written by the database trigger; read here). */
@Injectable()
export class CertificatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  byCode(code: string): Promise<CertificateEntity | null> {
    return this.dataSource.getRepository(CertificateEntity).findOne({ where: { verificationCode: code } });
  }

  ofProject(projectId: string): Promise<CertificateEntity[]> {
    return this.dataSource
      .getRepository(CertificateEntity)
      .find({ where: { projectId }, order: { issuedAt: 'ASC', number: 'ASC' } });
  }

  async project(projectId: string): Promise<{ id: string; enterpriseId: string } | null> {
    const rows: { id: string; enterprise_id: string }[] = await this.dataSource.query(
      'SELECT id, enterprise_id FROM project WHERE id = $1',
      [projectId],
    );
    return rows[0] ? { id: rows[0].id, enterpriseId: rows[0].enterprise_id } : null;
  }
}

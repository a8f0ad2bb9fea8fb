import PDFDocument from 'pdfkit';
import { toBuffer as qrPng } from 'qrcode';
import type { CertificateVerification } from './certificates.service';

/** Noto Sans SC (OFL) from npm: the CJK font embedded in every PDF (pdfkit embeds only the glyphs used). */
const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

/**
 * The printable certificate (A4): its fields and a QR code of the public verification address. Produced from
 * the registry row each time it is asked for; the content hash printed is the registry's.
 */
export async function certificatePdf(c: CertificateVerification, verifyUrl: string): Promise<Buffer> {
  const qr = await qrPng(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${c.type} ${c.number}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.registerFont('cjk', FONT).font('cjk');
  doc.fontSize(26).text(c.type, { align: 'center' });
  doc.moveDown(0.3).fontSize(12).text(`编号：${c.number}`, { align: 'center' });
  doc.moveDown(1.5).fontSize(13);
  for (const [label, value] of [
    ['持证单位', c.holder],
    ['项目名称', c.projectName],
    ['发证日期', c.issuedOn],
    ['状态', c.statusLabel],
  ]) {
    doc.text(`${label}：${value}`).moveDown(0.6);
  }
  doc.moveDown(1).fontSize(9).text(`文件哈希（SHA-256）：${c.documentHash}`);
  doc.moveDown(1.5).image(qr, { width: 120 });
  doc.fontSize(9).text('扫描二维码核验本证照的真实性与状态', { width: 240 });
  doc.text(verifyUrl, { width: 480 });
  doc.end();
  return done;
}

import PDFDocument from 'pdfkit';
import { toBuffer as qrPng } from 'qrcode';
import type { NoticeDocument } from './notice-kinds';

const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

/**
 * A notice as an A4 PDF (Noto Sans SC embedded) with the QR code of its verification address, and the
 * enterprise's letter (容缺承诺书) on a second page where there is one. Rendered once and stored.
 */
export async function noticePdf(n: NoticeDocument, verifyUrl: string, issuedAt: Date): Promise<Buffer> {
  const qr = await qrPng(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 64,
    info: { Title: `${n.title} ${n.number}`, CreationDate: issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', FONT).font('cjk');
  doc.fontSize(22).text(n.title, { align: 'center' });
  doc.moveDown(0.3).fontSize(12).text(n.number, { align: 'center' });
  doc.moveDown(1.5).fontSize(13).text(`${n.addressee}：`);
  for (const p of n.paragraphs) doc.moveDown(0.5).text(`    ${p}`, { lineGap: 6 });
  if (n.list) {
    doc.moveDown(0.8).text(`${n.list.heading}：`);
    n.list.items.forEach((item, i) => doc.moveDown(0.2).text(`    ${i + 1}. ${item}`));
  }
  doc.moveDown(2).text(n.department, { align: 'right' });
  doc.text(n.issuedOn, { align: 'right' });
  doc.moveDown(2).image(qr, { width: 100 });
  doc.fontSize(9).text('扫描二维码核验本文书', { width: 240 });
  doc.text(verifyUrl, { width: 480 });
  if (n.annex) {
    doc.addPage().fontSize(22).text(n.annex.title, { align: 'center' });
    doc.moveDown(1.5).fontSize(13);
    for (const p of n.annex.paragraphs) doc.moveDown(0.5).text(`    ${p}`, { lineGap: 6 });
    doc.moveDown(2).text(n.issuedOn, { align: 'right' });
  }
  doc.end();
  return done;
}

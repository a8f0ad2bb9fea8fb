import PDFDocument from 'pdfkit';
import { toBuffer as qrPng } from 'qrcode';

const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

export interface NoticeText {
  title: string;
  number: string;
  holder: string;
  projectName: string;
  itemName: string;
  issuedOn: string;
  body: string;
  department: string;
}

/** A notice as an A4 PDF (Noto Sans SC embedded) with the QR code of its verification address. */
export async function noticePdf(n: NoticeText, verifyUrl: string): Promise<Buffer> {
  const qr = await qrPng(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({ size: 'A4', margin: 64, info: { Title: `${n.title} ${n.number}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', FONT).font('cjk');
  doc.fontSize(22).text(n.title, { align: 'center' });
  doc.moveDown(0.3).fontSize(12).text(n.number, { align: 'center' });
  doc.moveDown(1.5).fontSize(13).text(`${n.holder}：`);
  doc.moveDown(0.5).text(`    你单位申请的“${n.projectName}”${n.itemName}事项，${n.body}`, { lineGap: 6 });
  doc.moveDown(2).text(n.department, { align: 'right' });
  doc.text(n.issuedOn, { align: 'right' });
  doc.moveDown(2).image(qr, { width: 100 });
  doc.fontSize(9).text('扫描二维码核验本文书', { width: 240 });
  doc.text(verifyUrl, { width: 480 });
  doc.end();
  return done;
}

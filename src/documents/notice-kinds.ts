import type { NoticeFacts } from './notice.entity';

/** A notice as printed: what notice-pdf lays out. */
export interface NoticeDocument {
  title: string;
  number: string;
  /** To whom (the enterprise). */
  addressee: string;
  paragraphs: string[];
  /** A numbered list under a heading (the materials of a 补正, the conditions committed to …). */
  list: { heading: string; items: string[] } | null;
  department: string;
  issuedOn: string;
  /** A second page: the enterprise's own letter (容缺承诺书). */
  annex: { title: string; paragraphs: string[] } | null;
}

/** What notice-kinds needs besides the notice's facts. */
export interface NoticeContext {
  number: string;
  issuedOn: string;
  departmentName: string;
  /** Certificate type code → name (joint issuance). */
  certificateName: (code: string) => string;
}

type Kind = { title: string; text: (f: Required<Pick<NoticeFacts, 'projectName' | 'itemName'>> & NoticeFacts) => Body };
type Body = Pick<NoticeDocument, 'paragraphs' | 'list' | 'annex'>;

const applied = (f: NoticeFacts) => `你单位申请的“${f.projectName}”${f.itemName}事项，`;
const because = (f: NoticeFacts) => (f.reason ? `理由：${f.reason}。` : '');
const plain = (...paragraphs: string[]): Body => ({ paragraphs, list: null, annex: null });

/** The notices by kind (the trigger of migration NoticeKinds writes the kind), with how each reads. */
export const NOTICE_KINDS: Record<string, Kind> = {
  acceptance: {
    title: '受理通知书',
    text: (f) => plain(`${applied(f)}申请材料齐全、符合法定形式，决定予以受理。`),
  },
  nonAcceptance: {
    title: '不予受理决定书',
    text: (f) =>
      plain(
        `${applied(f)}经审查，决定不予受理。${because(f)}`,
        '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。',
      ),
  },
  correction: {
    title: '补正材料通知书',
    text: (f) => ({
      paragraphs: [
        `${applied(f)}申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条，现一次性告知你单位需要补正的全部内容如下：`,
        ...(f.reason ? [`说明：${f.reason}`] : []),
        '请按要求补正全部材料后重新提交；补正期间审批时限暂停计算。',
      ],
      list: { heading: '需补正的材料', items: f.materials ?? [] },
      annex: null,
    }),
  },
  tolerance: {
    title: '容缺受理通知书',
    text: (f) => ({
      paragraphs: [
        `${applied(f)}主要申请材料齐全、符合法定形式，次要材料暂缺，根据你单位作出的容缺承诺，决定予以容缺受理。`,
        `请于${f.supplementDays ? `${f.supplementDays}个工作日内` : '承诺期限内'}补齐下列材料。逾期未补齐或补交材料不符合要求的，撤销已作出的审批决定，收回并注销据此核发的证照，记入信用记录并不再适用容缺受理。`,
      ],
      list: { heading: '容缺材料', items: f.materials ?? [] },
      annex: {
        title: '容缺受理承诺书',
        paragraphs: [
          `本单位（${f.holder}）就“${f.projectName}”${f.itemName}事项申请容缺受理，郑重承诺：`,
          `一、所提交的申请材料真实、合法、有效；二、在${f.supplementDays ? `${f.supplementDays}个工作日内` : '承诺期限内'}补齐容缺材料：${(f.materials ?? []).join('、')}；三、逾期未补齐或补交材料不符合要求的，愿意承担撤销审批决定、注销证照及失信记录等后果。`,
          '承诺单位（盖章）：' + (f.holder ?? ''),
        ],
      },
    }),
  },
  notifyCommitment: {
    title: '告知承诺书',
    text: (f) => ({
      paragraphs: [
        `${applied(f)}适用告知承诺制审批。审批机关已一次性告知审批条件和所需材料；你单位书面承诺已经符合审批条件，并愿意承担不实承诺的法律责任。`,
        '审批机关将在作出审批决定后对承诺内容进行核查；发现承诺不实的，依法撤销审批决定并记入信用记录。',
      ],
      list: f.conditions?.length ? { heading: '承诺符合的条件', items: f.conditions } : null,
      annex: null,
    }),
  },
  approval: {
    title: '准予行政许可决定书',
    text: (f) =>
      plain(`${applied(f)}经审查，符合法定条件和标准，决定准予行政许可。${f.reason ? `审批意见：${f.reason}` : ''}`),
  },
  refusal: {
    title: '不予行政许可决定书',
    text: (f) =>
      plain(
        `${applied(f)}经审查，不符合法定条件和标准，决定不予行政许可。${because(f)}`,
        '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。',
      ),
  },
  revocation: {
    title: '撤销决定书',
    text: (f) =>
      plain(
        `${applied(f)}已作出的行政许可决定，经查依法予以撤销，据此核发的证照同时注销。${because(f)}`,
        '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。',
      ),
  },
  jointIssuance: {
    title: '联合发证通知书',
    text: (f) => ({
      paragraphs: [
        `你单位“${f.projectName}”项目的${f.bundleName ?? '联合发证'}所含审批事项均已办结，下列证照同日联合核发，请凭本通知书领取或下载电子证照。`,
      ],
      list: { heading: '联合核发的证照', items: f.certificates ?? [] },
      annex: null,
    }),
  },
};

/** The title of a notice kind (the kind itself never reaches a reader: an unknown kind reads 通知书). */
export const noticeTitle = (kind: string): string => NOTICE_KINDS[kind]?.title ?? '通知书';

/** The notice as printed, from its kind and the facts taken when it was issued. */
export function noticeDocument(kind: string, facts: NoticeFacts, c: NoticeContext): NoticeDocument {
  const f = {
    ...facts,
    projectName: facts.projectName ?? '',
    itemName: facts.itemName ?? '',
    certificates: facts.certificates?.map(c.certificateName),
  };
  const body = NOTICE_KINDS[kind]?.text(f) ?? plain('');
  return {
    title: noticeTitle(kind),
    number: c.number,
    addressee: facts.holder ?? '',
    ...body,
    department: c.departmentName,
    issuedOn: c.issuedOn,
  };
}

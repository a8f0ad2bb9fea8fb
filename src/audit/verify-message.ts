import type { SignatureReport } from './signed-head';
import type { Mismatch } from './verify';

const chinaTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** The outcome of a verification in Chinese, for people: which event, which signed head; no codes or ids. */
export function verifyMessage(r: {
  ok: boolean;
  events: number;
  firstMismatch?: Mismatch;
  signatures?: SignatureReport;
}): string {
  const m = r.firstMismatch;
  if (!m) {
    if (!r.signatures) return '历史完整：哈希链和状态回放核对一致（未核对签名）。';
    const pending = r.events - r.signatures.signedThrough;
    return pending > 0
      ? `历史完整：哈希链和状态回放核对一致；签名核对至第 ${r.signatures.signedThrough} 个事件，其后 ${pending} 个事件尚待签名。`
      : '历史完整：哈希链、状态回放和签名均核对一致。';
  }
  const n = m.seq;
  const signed = m.signedHead
    ? `${m.headLog ? '审计方保存的链头日志中' : ''}${chinaTime.format(new Date(m.signedHead.signedAt))} 签名的链头（至第 ${m.signedHead.seq} 个事件）`
    : '签名的链头';
  switch (m.code) {
    case 'SEQUENCE_GAP':
      return `第 ${n} 个事件之前缺少事件：历史记录被删改。`;
    case 'BROKEN_LINK':
      return `第 ${n} 个事件与前一事件的哈希链接不符：历史记录被改动。`;
    case 'CONTENT_ALTERED':
      return `第 ${n} 个事件的内容与其哈希不符：写入后被改动。`;
    case 'EVENT_COUNT':
    case 'HEAD_DIFFERS':
      return '案件记录的事件数或链头与办理历史不符：记录被改动。';
    case 'REPLAY_FAILED':
      return `第 ${n} 个事件无法按流程定义回放：历史与记录的状态不一致。`;
    case 'VERSION_DIFFERS':
    case 'SNAPSHOT_DIFFERS':
      return '案件当前状态与办理历史的回放结果不一致：状态记录被改动。';
    case 'UNREADABLE':
      return '导出文件无法读取或格式不正确。';
    case 'EVENT_REWRITTEN':
      return `第 ${n} 个事件与${signed}不符：签名后被改写。`;
    case 'EVENT_MISSING':
      return `第 ${n} 个事件已由${signed}覆盖，但在办理历史中缺失。`;
    case 'BAD_SIGNATURE':
      return `${signed}的签名校验失败：签名记录被篡改。`;
    case 'UNKNOWN_KEY':
      return `${signed}所用的密钥不在受信任的公钥之列，无法确认出自本服务。`;
    case 'HEADS_NOT_CONTIGUOUS':
      return `第 ${n} 个事件之后缺少签名链头：签名记录被删除。`;
    case 'HEAD_UNSIGNED':
      return `第 ${n} 个事件处的链头没有签名。`;
    case 'MALFORMED_HEAD':
      return `${signed}的格式不正确。`;
  }
}

/**
 * What `npm run restore` tells the operator about the signing key, which no backup holds (docs/signed-history.md:
 * a private key beside the data would let whoever holds the file sign a rewritten history). Pure: the caller
 * says which keys signed the restored heads and which keys the configured key source vouches for.
 */
export interface ConfiguredKeys {
  /** The key ids the configured key and retired public keys cover; null when the key file is missing. */
  keyIds: string[] | null;
  /** SIGNING_KEY_FILE as configured (where the private key goes back). */
  keyFile: string;
  /** SIGNING_RETIRED_KEYS_DIR as configured (where retired public keys go, as <keyId>.pem). */
  retiredDir: string;
}

export function signingKeyAdvice(signedByKeyIds: string[], keys: ConfiguredKeys): string[] {
  const lines = [
    '签名密钥不在备份中（有意为之，需单独备份）。The signing key is not in the backup (on purpose: it is backed up on its own).',
  ];
  if (!signedByKeyIds.length) {
    lines.push('备份中没有已签名的链头。No chain head in this backup is signed yet.');
    if (keys.keyIds === null)
      lines.push(
        `生产模式首次启动需设置 SIGNING_KEY_CREATE=true 以新建密钥 ${keys.keyFile}。A production start needs SIGNING_KEY_CREATE=true once to create ${keys.keyFile}.`,
      );
    return lines;
  }
  const missing = signedByKeyIds.filter((id) => !keys.keyIds?.includes(id));
  const ids = signedByKeyIds.join(', ');
  if (!missing.length) {
    lines.push(
      `链头由密钥 ${ids} 签名，当前配置的密钥均可验证。Heads were signed by key(s) ${ids}: the configured keys cover them.`,
    );
    return lines;
  }
  const absent = missing.join(', ');
  lines.push(
    `链头由密钥 ${ids} 签名，其中 ${absent} 当前不可验证。启动服务前：把当时的私钥文件放回 ${keys.keyFile}（或设置 SIGNING_KEY）；` +
      `已退役密钥的公钥放到 ${keys.retiredDir}/<密钥号>.pem。否则验证会报告“未知密钥”，生产模式下缺少密钥也会拒绝启动。`,
    `Heads were signed by key(s) ${ids}; ${absent} cannot be verified with the configured keys. Before starting the service, ` +
      `put the private key file back at ${keys.keyFile} (or set SIGNING_KEY), and retired keys' public keys into ` +
      `${keys.retiredDir}/<keyId>.pem; otherwise verification reports an unknown key, and a production start without its key is refused.`,
  );
  return lines;
}

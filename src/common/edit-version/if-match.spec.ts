import { parseIfMatch } from '../../cases/command-headers';
import { AppException } from '../errors/app-exception';
import { parseVersionIfMatch } from './if-match';

describe('If-Match, one parser for the case routes and the whole-object edits', () => {
  it.each([parseIfMatch, parseVersionIfMatch])('reads the ETag as GET gave it, or any version', (parse) => {
    expect(parse('"12"')).toBe(12);
    expect(parse('W/"12"')).toBe(12);
    expect(parse('12')).toBe(12);
    expect(parse(['"3"', '"4"'])).toBe(3);
    expect(parse(undefined)).toBeUndefined();
    expect(parse('')).toBeUndefined();
    expect(parse('*')).toBeUndefined();
  });

  it('refuses what is not a version, in Chinese, naming the header', () => {
    for (const [parse, sentence] of [
      [parseIfMatch, '办件版本信息格式不正确'],
      [parseVersionIfMatch, 'If-Match 应为读取时得到的版本号'],
    ] as const) {
      expect(() => parse('"abc"')).toThrow(AppException);
      expect(() => parse('"abc"')).toThrow(sentence);
    }
  });
});

import type { EntityManager } from 'typeorm';
import {
  BIGRAM_STATISTICS_TTL_MS,
  estimatedMatches,
  likePattern,
  newestFirstWindows,
  ProjectsRepository,
  walkBigram,
} from './projects.repository';

describe('walkBigram (the list a broad search walks)', () => {
  it('is the rarest bigram of the lower-cased term; one absent from the statistics is rarer than any in them', () => {
    const stats = new Map([
      ['研发', 0.02],
      ['发中', 0.01],
      ['中心', 0.03],
    ]);
    expect(walkBigram('研发中心', stats)).toBe('发中');
    expect(walkBigram('研发中心三', stats)).toBe('心三');
    expect(walkBigram('AB铜', new Map([['ab', 0.5]]))).toBe('b铜');
  });

  it('takes the first of equals, counts characters (not UTF-16 units), and has none for one character', () => {
    expect(walkBigram('专用车', new Map())).toBe('专用');
    expect(walkBigram('𠀋𠀌x', new Map([['𠀋𠀌', 0.1]]))).toBe('𠀌x');
    expect(walkBigram('厂', new Map())).toBeNull();
    expect(walkBigram('𠀋', new Map())).toBeNull();
  });
});

describe('estimatedMatches (whether a search reads its page while counting, and how)', () => {
  const frequency = new Map([
    ['研发', 0.02],
    ['发中', 0.01],
    ['中心', 0.03],
  ]);
  it("is the length of the rarest bigram's list; a bigram absent from the statistics counts as the least common", () => {
    const estimate = (term: string, entries = 100000) =>
      estimatedMatches(walkBigram(term, frequency), { frequency, entries });
    expect(estimate('研发中心')).toBeCloseTo(1000, 6); // 发中
    expect(estimate('中心三')).toBeCloseTo(1000, 6); // 心三, absent: 发中's
    expect(estimate('研发')).toBeCloseTo(2000, 6);
  });
  it('is unknown for one character or without statistics', () => {
    expect(estimatedMatches(walkBigram('心', frequency), { frequency, entries: 100000 })).toBeNull();
    expect(estimatedMatches('研发', { frequency, entries: 0 })).toBeNull();
    expect(estimatedMatches('研发', { frequency: new Map(), entries: 100000 })).toBeNull();
  });
});

describe('newestFirstWindows and likePattern', () => {
  it('windows grow with the page and stop at 20,000', () => {
    expect(newestFirstWindows(0, 20)).toEqual([500, 4000]);
    expect(newestFirstWindows(180, 20)).toEqual([5000, 20000]);
    expect(newestFirstWindows(900, 100)).toEqual([20000]);
  });

  it('%, _ and \\ are literal', () => {
    expect(likePattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});

describe('ProjectsRepository.bigramStatistics (read at most every 10 minutes)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads pg_stats once per period, shares a read in flight, and does not keep a failed read', async () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const answers: (() => Promise<unknown[]>)[] = [];
    const query = jest.fn((sql: string) => {
      expect(sql).toContain('project_name_bigram');
      return (answers.shift() ?? (() => Promise.resolve([{ grams: ['铜箔'], freqs: [0.5], entries: 10 }])))();
    });
    const m = { query } as unknown as EntityManager;
    const repo = new ProjectsRepository();
    const [a, b] = await Promise.all([repo.bigramStatistics(m), repo.bigramStatistics(m)]);
    expect(query).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
    expect(a).toEqual({ frequency: new Map([['铜箔', 0.5]]), entries: 10 });
    now += BIGRAM_STATISTICS_TTL_MS;
    await repo.bigramStatistics(m);
    expect(query).toHaveBeenCalledTimes(1);
    now += 1;
    answers.push(() => Promise.reject(new Error('connection lost')));
    await expect(repo.bigramStatistics(m)).rejects.toThrow('connection lost');
    expect(query).toHaveBeenCalledTimes(2);
    expect(await repo.bigramStatistics(m)).toEqual({ frequency: new Map([['铜箔', 0.5]]), entries: 10 });
    expect(query).toHaveBeenCalledTimes(3);
  });
});

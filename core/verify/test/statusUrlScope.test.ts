import test from 'ava';
import { isUnderBaseUrl } from '../statusCheck.ts';

/** Status lists are fetched only under the issuer's registered base URL; the answers are memoised. */
const cases: Array<[url: string, base: string, under: boolean]> = [
  ['https://board.example/status/1', 'https://board.example', true],
  ['https://board.example/status/1', 'https://board.example/', true],
  ['https://board.example/issuers/a/status/1', 'https://board.example/issuers/a', true],
  ['https://board.example/issuers/ab/status/1', 'https://board.example/issuers/a', false],
  ['https://board.example.evil/status/1', 'https://board.example', false],
  ['https://evil.example/status/1', 'https://board.example', false],
  ['http://board.example/status/1', 'https://board.example', false],
  ['https://user:pw@board.example/status/1', 'https://board.example', false],
  ['ftp://board.example/status/1', 'ftp://board.example', false],
  ['not a url', 'https://board.example', false],
  ['https://board.example/status/1', 'not a base', false],
  ['https://board.example:8443/status/1', 'https://board.example', false],
];

test('a status list URL is under the base URL only with the same origin and a path below it, however often asked', (t) => {
  for (let round = 0; round < 3; round++) {
    for (const [url, base, under] of cases) t.is(isUnderBaseUrl(url, base), under, `${url} under ${base} (round ${round})`);
  }
});

test('the memo keeps answering right once it holds more pairs than its bound', (t) => {
  for (let i = 0; i < 10_000; i++) {
    const under = i % 3 !== 0;
    const url = under ? `https://board.example/status/${i}` : `https://evil.example/status/${i}`;
    t.is(isUnderBaseUrl(url, 'https://board.example'), under);
  }
  for (const [url, base, under] of cases) t.is(isUnderBaseUrl(url, base), under);
});

/**
 * The landmark reader that the site test runs over every built page (test/lib/landmarks.ts),
 * on the markup that axe flagged on the RS 2024 build: a section named by its heading and a
 * scrolling table region given the same words.
 */
import { describe, expect, it } from 'vitest';
import { duplicateLandmarks, landmarks } from './lib/landmarks.ts';

describe('landmarks', () => {
  it('names a section by the heading it points at and a region by its aria-label', () => {
    const html = '<nav aria-label="サイト内"></nav><main id="main"><section id="expenses" aria-labelledby="h-expenses"><h2 id="h-expenses">費目・<span>使途</span></h2>'
      + '<div class="table-scroll" tabindex="0" role="region" aria-label="費目・使途"><table></table></div></section><section><h2>名前なし</h2></section></main>';
    expect(landmarks(html)).toEqual([
      { role: 'navigation', name: 'サイト内' },
      { role: 'main', name: '' },
      { role: 'region', name: '費目・使途' },
      { role: 'region', name: '費目・使途' },
    ]);
    expect(duplicateLandmarks(html)).toEqual(['region: 費目・使途 ×2']);
  });

  it('accepts the same name under different roles and distinct names under one role', () => {
    const html = '<nav aria-label="年度"></nav><section aria-label="年度"></section><div role="region" aria-label="年度の表"></div><nav aria-label="ページ"></nav>';
    expect(duplicateLandmarks(html)).toEqual([]);
  });

  it('counts two unnamed navigations as one landmark listed twice', () => {
    expect(duplicateLandmarks('<nav><a href="/">a</a></nav><nav></nav>')).toEqual(['navigation: (名前なし) ×2']);
  });
});

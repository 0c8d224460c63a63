const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend });
});

test('a quiz is answered by taps, submitted, and the result shows answers and explanations', async () => {
  const page = renderPage('pages/quiz/play');
  await page.instance.onLoad({ campaignId: '5' });
  expect(backend.last('POST').path).toBe('/api/v1/quiz-campaigns/5/attempts');
  expect(text(page, '#progress')).toBe('第 1 / 3 题');
  expect(text(page, '#timer')).toMatch(/剩余 0[45]:\d\d/);
  await tap(page, '#option-A');
  await tap(page, '#next');
  await tap(page, '#option-A');
  await tap(page, '#option-B');
  expect(page.data.answers).toEqual({ 101: ['A'], 102: ['A', 'B'] });
  await tap(page, '#next');
  await tap(page, '#option-F');
  await tap(page, '#submit');
  expect(backend.last('POST').data).toEqual({ answers: { 101: ['A'], 102: ['A', 'B'], 103: ['F'] } });
  expect(env.calls.redirectTo).toEqual(['/pages/quiz/result/index?attemptId=77']);
  page.instance.onUnload();

  const result = renderPage('pages/quiz/result');
  result.instance.onLoad({ attemptId: '77' });
  await tap(result, '#again'); // renders before asserting
  expect(text(result, '#score')).toBe('2 / 3');
  expect(text(result, '#points-awarded')).toBe('获得宝盾 +10');
  expect(text(result, '#result-103')).toContain('答错');
  // People read 正确/错误 and the options' text, never the keys T/F alone.
  expect(text(result, '#result-103')).toContain('你的答案：错误');
  expect(text(result, '#result-103')).toContain('正确答案：正确');
  expect(text(result, '#result-103')).not.toMatch(/[：；][TF]\b/);
  expect(text(result, '#result-102')).toContain('正确答案：A. 身份证号；B. 银行卡号');
  expect(text(result, '#result-101')).toContain('你的答案：A. 立即挂断并拨打110核实');
  expect(text(result, '#result-103')).toContain('解析：第103题');
});

test('submitting with unanswered questions asks first, and a refused submit shows the server reason', async () => {
  backend.on('POST', '/api/v1/quiz-attempts/{id}/submit', () => ({ status: 409, body: { error: { code: 'already_submitted', message: '本次答题已提交', details: {} } } }));
  const page = renderPage('pages/quiz/play');
  await page.instance.onLoad({ campaignId: '5' });
  page.instance.go(2);
  await tap(page, '#submit');
  expect(env.calls.modals[0].content).toBe('还有 3 题未作答，确定交卷吗？');
  expect(env.calls.toasts).toEqual(['本次答题已提交']);
  page.instance.onUnload();
});

test('when the time is up the answers are submitted by themselves', async () => {
  backend.on('POST', '/api/v1/quiz-campaigns/{id}/attempts', () => ({ status: 201, body: { attempt_id: 78, deadline: new Date(Date.now() - 1000).toISOString(), questions: [] } }));
  const page = renderPage('pages/quiz/play');
  await page.instance.onLoad({ campaignId: '5' });
  await tap(page, '#progress');
  expect(backend.last('POST').path).toBe('/api/v1/quiz-attempts/78/submit');
});

test('no attempts left shows the server message', async () => {
  backend.on('POST', '/api/v1/quiz-campaigns/{id}/attempts', () => ({ status: 429, body: { error: { code: 'attempts_exhausted', message: '今日答题次数已用完', details: {} } } }));
  const page = renderPage('pages/quiz/play');
  await page.instance.onLoad({ campaignId: '5' });
  expect(text(page, '#state >>> .state--error')).toContain('今日答题次数已用完');
});

test('the result page fetches the graded attempt when it was not handed over', async () => {
  const page = renderPage('pages/quiz/play');
  await page.instance.onLoad({ campaignId: '5' });
  await tap(page, '#option-A');
  page.instance.go(2);
  env.wx.modalAnswer = { confirm: true };
  await tap(page, '#submit');
  page.instance.onUnload();
  env.store.clear();
  const result = renderPage('pages/quiz/result');
  await result.instance.onLoad({ attemptId: '77' });
  await tap(result, '#again');
  expect(backend.last('GET').path).toBe('/api/v1/quiz-attempts/77');
  expect(text(result, '#score')).toBe('1 / 3');
  expect(text(result, '#points-awarded')).toBe('获得宝盾 +5');
});

const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text, type, flush } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend, loginCode: 'test-volunteer01' });
});

test('me shows points, verified hours and stars, and opens my data', async () => {
  const page = renderPage('pages/me/index');
  await page.instance.onLoad();
  expect(text(page, '#summary')).toBe('宝盾 630 · 已核验 105 小时 · ★☆☆☆☆');
  expect(page.querySelector('#to-admin')).toBeFalsy();
  await tap(page, '#to-data');
  expect(env.calls.navigateTo).toEqual(['/pages/me/data/index']);
});

test('privacy consent is recorded with its version', async () => {
  const page = renderPage('pages/me/privacy');
  page.instance.onLoad();
  await tap(page, '#accept');
  expect(backend.last('POST', '/api/v1/me/privacy-consent').data).toEqual({ version: '2026-11-01' });
  expect(env.store.get('privacy_accepted_version')).toBe('2026-11-01');
  expect(page.querySelector('#accepted')).toBeTruthy();
});

test('my data is exported, and the account deleted after confirming', async () => {
  const page = renderPage('pages/me/data');
  await tap(page, '#export');
  expect(JSON.parse(env.wx.setClipboardData.mock.calls[0][0].data).user.id).toBe(2);
  await tap(page, '#delete');
  expect(backend.last('DELETE').path).toBe('/api/v1/me');
  expect(env.store.has('auth_token')).toBe(false);
  expect(env.calls.reLaunch).toEqual(['/pages/home/index/index']);
});

test('a help request is filed with its category; a missing description shows the server message', async () => {
  const page = renderPage('pages/help/report');
  page.instance.onLoad({ stationId: '10' });
  await tap(page, '#cat-personal_information_leak');
  await tap(page, '#submit');
  expect(env.calls.toasts).toEqual(['请描述遇到的问题']);
  await type(page, '#description', '收到冒充客服的退款电话');
  await tap(page, '#submit');
  expect(backend.last('POST', '/api/v1/help-requests').data).toEqual({ category: 'personal_information_leak', description: '收到冒充客服的退款电话', station_id: 10 });
  expect(env.calls.redirectTo).toEqual([`/pages/help/mine/index?id=${backend.state.helpRequests[0].id}`]);
});

const SURVEY_KEY = 'survey_attempt_3';
const chosen = (page, qid) => page.data.questions.find((q) => q.id === qid).options.filter((o) => o.chosen).map((o) => o.value);
const minutesAgo = (n) => new Date(Date.now() - n * 60000).toISOString();

test('the survey renders every question type, follows skip logic and required flags, saves as it goes and submits once', async () => {
  const page = renderPage('pages/survey/fill');
  await page.instance.onLoad({ id: '3', scene: 'SV3ST10' });
  expect(text(page, '#survey-title')).toBe('2026年网民网络安全感满意度调查');
  expect(text(page, '#q-age_band')).toContain('1. 您的年龄段*（单选）');
  // The title already says （多选）: it is not said twice.
  expect(text(page, '#q-concerns')).toContain('您最关注的网络安全问题（多选）');
  expect(text(page, '#q-concerns')).not.toContain('（多选）（多选）');
  expect(text(page, '#q-satisfaction-fraud')).toContain('电信网络诈骗治理非常满意一般非常不满意');
  expect(page.querySelector('#q-advice-text')).toBeTruthy();
  // 学段 is asked only of students.
  expect(page.querySelector('#q-school')).toBeFalsy();

  await tap(page, '#submit');
  expect(env.calls.toasts).toEqual(['还有 3 道必答题未作答']);
  expect(text(page, '#q-age_band')).toContain('此题为必答题');
  expect(backend.last('POST', '/api/v1/surveys/3/responses')).toBeUndefined();

  await tap(page, '#q-age_band-18_24');
  const firstSave = backend.last('PUT');
  expect(firstSave.path).toMatch(/^\/api\/v1\/surveys\/3\/drafts\/[A-Za-z0-9_-]{8,64}$/);
  expect(firstSave.data).toMatchObject({ answers: { age_band: '18_24' }, link_scene: 'SV3ST10' });
  expect(text(page, '#save-state')).toBe('已自动保存');
  await tap(page, '#q-occupation-student');
  expect(text(page, '#q-school')).toContain('3. 您就读的学段*');
  await tap(page, '#q-school-college');
  await tap(page, '#q-occupation-employee');
  expect(page.querySelector('#q-school')).toBeFalsy();
  await tap(page, '#q-satisfaction-fraud-5');
  await tap(page, '#q-satisfaction-privacy-3');
  await tap(page, '#q-concerns-fraud');
  await tap(page, '#q-concerns-leak');
  await tap(page, '#q-concerns-fraud');
  await type(page, '#q-advice-text', '多开展进社区宣传');
  page.querySelector('#q-advice-text').dispatchEvent('blur', { detail: {} });
  await flush();
  const saved = backend.last('PUT');
  // The hidden question's answer is not kept; the multiple choice was toggled.
  expect(saved.data.answers).toEqual({ age_band: '18_24', occupation: 'employee', satisfaction: { fraud: '5', privacy: '3' }, concerns: ['leak'], advice: '多开展进社区宣传' });
  const clientId = saved.path.split('/').pop();
  expect(backend.requests.filter((r) => r.method === 'PUT').every((r) => r.path.endsWith(clientId))).toBe(true);

  await tap(page, '#submit');
  await flush();
  const sent = backend.last('POST', '/api/v1/surveys/3/responses').data;
  expect(sent).toEqual({ link_scene: 'SV3ST10', client_id: clientId, started_at: expect.stringMatching(/Z$/), answers: saved.data.answers });
  // Answered in seconds: the server flags it, and the page says why in Chinese.
  expect(text(page, '#result-title')).toBe('已提交，本份问卷未计入有效样本');
  expect(text(page, '#reason-0')).toMatch(/^· 答题用时过短（用时 \d+ 秒，至少需要 60 秒）$/);
  expect(page.querySelector('#submit')).toBeFalsy();
  expect(env.store.get(SURVEY_KEY)).toMatchObject({ clientId, submitted: true });
});

test('a survey resumed from its draft keeps the start time, and a valid answer shows its points', async () => {
  env.store.set(SURVEY_KEY, { clientId: 'phone-abc-0001', startedAt: minutesAgo(5), answers: {}, synced: true, scene: 'SV3ST10' });
  backend.state.surveyDrafts['3:2:phone-abc-0001'] = { client_id: 'phone-abc-0001', link_scene: 'SV3ST10', started_at: minutesAgo(5), answers: { age_band: '25_34', occupation: 'employee' }, updated_at: minutesAgo(4), submitted_response_id: null };
  const page = renderPage('pages/survey/fill');
  await page.instance.onLoad({ id: '3' });
  expect(backend.last('GET', '/api/v1/surveys/3/drafts/phone-abc-0001')).toBeTruthy();
  expect(chosen(page, 'age_band')).toEqual(['25_34']);
  await tap(page, '#q-satisfaction-fraud-5');
  await tap(page, '#q-satisfaction-privacy-5');
  await tap(page, '#submit');
  const sent = backend.last('POST', '/api/v1/surveys/3/responses').data;
  expect(sent).toMatchObject({ client_id: 'phone-abc-0001', link_scene: 'SV3ST10', started_at: backend.state.surveyDrafts['3:2:phone-abc-0001'].started_at });
  expect(text(page, '#result-title')).toBe('提交成功，感谢参与');
  expect(text(page, '#result-points')).toBe('获得宝盾 +20');

  // Opened again: the same attempt, answered by the server with the same response.
  const again = renderPage('pages/survey/fill');
  await again.instance.onLoad({ id: '3', scene: 'SV3ST10' });
  const resent = backend.last('POST', '/api/v1/surveys/3/responses');
  expect(resent.data.client_id).toBe('phone-abc-0001');
  expect(backend.state.surveyResponses).toHaveLength(1);
  expect(text(again, '#result')).toContain('此前已提交');
  expect(again.querySelector('#submit')).toBeFalsy();
});

test('answers made offline stay on the phone and a failed submit is sent again with the same client_id', async () => {
  const page = renderPage('pages/survey/fill');
  await page.instance.onLoad({ id: '3', scene: 'SV3ST10' });
  backend.on('PUT', '/api/v1/surveys/{id}/drafts/{client_id}', () => ({ fail: 'request:fail timeout' }));
  await tap(page, '#q-age_band-u18');
  expect(text(page, '#save-state')).toBe('网络不佳，答案已保存在本机');
  expect(env.store.get(SURVEY_KEY)).toMatchObject({ answers: { age_band: 'u18' }, synced: false });
  // The mini-program is closed and opened again: the unsaved answer is still there.
  const reopened = renderPage('pages/survey/fill');
  await reopened.instance.onLoad({ id: '3', scene: 'SV3ST10' });
  expect(chosen(reopened, 'age_band')).toEqual(['u18']);
  await tap(reopened, '#q-occupation-employee');
  await tap(reopened, '#q-satisfaction-fraud-1');
  await tap(reopened, '#q-satisfaction-privacy-3');
  backend.on('POST', '/api/v1/surveys/{id}/responses', () => ({ fail: 'request:fail timeout' }), { auth: false });
  await tap(reopened, '#submit');
  expect(env.calls.toasts.pop()).toBe('请求超时，请稍后重试');
  const firstTry = backend.last('POST', '/api/v1/surveys/3/responses').data;
  backend.on('POST', '/api/v1/surveys/{id}/responses', () => ({ status: 201, body: { id: 9, flags: [{ flag: 'outside_collection_window', reason: 'Submitted after the collection window.' }], is_valid: false, points_awarded: 0, replayed: false } }), { auth: false });
  await tap(reopened, '#submit');
  expect(backend.last('POST', '/api/v1/surveys/3/responses').data.client_id).toBe(firstTry.client_id);
  expect(text(reopened, '#reason-0')).toBe('· 不在正式收集时间内提交（测试期或收集期外的答卷不计入）');
});

test('a lecturer application is sent', async () => {
  const page = renderPage('pages/qualification/apply');
  await tap(page, '#kind-lecturer');
  await type(page, '#real-name', '王老师');
  await type(page, '#phone', '13900000000');
  await tap(page, '#submit');
  expect(backend.last('POST', '/api/v1/qualification-applications').data).toEqual({ kind: 'lecturer', real_name: '王老师', phone: '13900000000', introduction: '' });
});

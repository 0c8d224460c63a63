// Walk 3: a resident scans the demo survey's station link, answers every kind of question on
// the survey page (progress saved to the server as they go), submits once and sees the server's
// verdict; a re-send of the same attempt is the same response on the server.
const { renderPage, text } = require('../helpers/render');
const { api, apiLogin, resetServer, createSession, tap, type, run, settle } = require('./harness');

let demo;
beforeAll(async () => { demo = await resetServer(); });

const queryOf = (url) => Object.fromEntries(new URL(url, 'https://x').searchParams.entries());

async function answerAll(page) {
  await tap(page, '#q-age_band-25_34');
  await tap(page, '#q-occupation-student');
  await tap(page, '#q-school-college'); // asked only of students
  await tap(page, '#q-occupation-employee'); // …and dropped again
  await tap(page, '#q-region-urban');
  for (const [row, value] of [['fraud', '5'], ['privacy', '4'], ['minors', '4'], ['rumours', '3'], ['platform', '4']]) {
    // eslint-disable-next-line no-await-in-loop
    await tap(page, `#q-satisfaction-${row}-${value}`);
  }
  await tap(page, '#q-concerns-fraud');
  await tap(page, '#q-concerns-leak');
  await type(page, '#q-advice-text', '希望多开展反诈宣传');
  page.querySelector('#q-advice-text').dispatchEvent('blur', { detail: {} });
  await settle();
}

const ANSWERS = {
  age_band: '25_34', occupation: 'employee', region: 'urban',
  satisfaction: { fraud: '5', privacy: '4', minors: '4', rumours: '3', platform: '4' },
  concerns: ['fraud', 'leak'], advice: '希望多开展反诈宣传',
};

test('a resident goes from the survey link scene to a submitted survey, through the pages', async () => {
  const { survey } = demo;
  expect(survey.station_link_scene).toMatch(/^[0-9A-Z]{6,8}$/);
  const resident = createSession('e2e_survey_resident_1').use();

  const entry = renderPage('pages/entry/index');
  await run(entry.instance.onLoad({ scene: encodeURIComponent(survey.station_link_scene) }));
  expect(resident.calls.redirectTo).toEqual([`/pages/survey/fill/index?id=${survey.id}&scene=${survey.station_link_scene}`]);

  const page = renderPage('pages/survey/fill');
  await run(page.instance.onLoad(queryOf(resident.calls.redirectTo[0])));
  expect(text(page, '#survey-title')).toBe(survey.title);
  expect(page.querySelector('#q-school')).toBeFalsy();
  await tap(page, '#submit');
  expect(resident.calls.toasts).toEqual(['还有 4 道必答题未作答']);

  await answerAll(page);
  // Every change went to the server as a draft; the last one holds the answers so far.
  const clientId = resident.store.get(`survey_attempt_${survey.id}`).clientId;
  const token = resident.token();
  const draft = await api('GET', `/api/v1/surveys/${survey.id}/drafts/${clientId}`, { token });
  expect(draft.answers).toEqual(ANSWERS);
  expect(draft.link_scene).toBe(survey.station_link_scene);
  expect(text(page, '#save-state')).toBe('已自动保存');

  await tap(page, '#submit');
  const submitted = resident.lastRequest('POST', `/api/v1/surveys/${survey.id}/responses`);
  expect(submitted.statusCode).toBe(201);
  const response = submitted.response;
  // Answered within seconds of opening: the server flags it too fast, and the page says so.
  expect(response.flags.map((f) => f.flag)).toEqual(['too_fast']);
  expect(text(page, '#result-title')).toBe('已提交，本份问卷未计入有效样本');
  expect(text(page, '#reason-0')).toBe(`· 答题用时过短（用时 ${response.duration_seconds} 秒，至少需要 60 秒）`);
  expect(response.station_id).toBe(demo.station_id);

  // The same attempt sent again (a retry after a lost answer) is the same response.
  const again = await api('POST', `/api/v1/surveys/${survey.id}/responses`, {
    token, data: { link_scene: survey.station_link_scene, client_id: clientId, started_at: submitted.data.started_at, answers: ANSWERS },
  });
  expect(again).toMatchObject({ id: response.id, replayed: true, points_awarded: 0 });
  // So does opening the page again: it shows the result instead of a blank questionnaire.
  const reopened = renderPage('pages/survey/fill');
  await run(reopened.instance.onLoad({ id: String(survey.id), scene: survey.station_link_scene }));
  expect(text(reopened, '#result')).toContain('此前已提交');
  expect(reopened.querySelector('#submit')).toBeFalsy();
  const flagged = await api('GET', `/api/v1/surveys/${survey.id}/responses`, { token: await apiLogin(demo.users.association_admin.openid) });
  expect(flagged.items.filter((r) => r.client_id === clientId)).toHaveLength(1);
});

test('an attempt begun earlier is resumed from its draft and, answered in time, earns the points', async () => {
  const { survey } = demo;
  const resident = createSession('e2e_survey_resident_2').use();
  const token = await apiLogin('e2e_survey_resident_2');
  // Begun three minutes ago on this phone; then the connection dropped.
  const clientId = 'e2e-phone-0002';
  const startedAt = new Date(Date.now() - 180000).toISOString();
  await api('PUT', `/api/v1/surveys/${survey.id}/drafts/${clientId}`, {
    token, data: { link_scene: survey.station_link_scene, started_at: startedAt, answers: { age_band: '25_34' } },
  });
  resident.store.set(`survey_attempt_${survey.id}`, { clientId, startedAt, answers: { age_band: '25_34' }, synced: true, scene: survey.station_link_scene });
  const before = (await api('GET', '/api/v1/me/points', { token })).balance;

  const page = renderPage('pages/survey/fill');
  await run(page.instance.onLoad({ id: String(survey.id), scene: survey.station_link_scene }));
  expect(page.data.questions.find((q) => q.id === 'age_band').options.find((o) => o.chosen).value).toBe('25_34');
  await answerAll(page);
  await tap(page, '#submit');
  const submitted = resident.lastRequest('POST', `/api/v1/surveys/${survey.id}/responses`);
  expect(submitted.statusCode).toBe(201);
  expect(submitted.response).toMatchObject({ is_valid: true, flags: [], points_awarded: 20 });
  expect(text(page, '#result-title')).toBe('提交成功，感谢参与');
  expect(text(page, '#result-points')).toBe('获得宝盾 +20');
  expect((await api('GET', '/api/v1/me/points', { token })).balance).toBe(before + 20);
});

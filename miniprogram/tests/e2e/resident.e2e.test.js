// Walk 1: a resident enters through the demo station's scene, answers a quiz, sees the points,
// redeems a gift at the station, the station admin hands it over by its pickup code, and the
// balance and the stock are right on the server.
const { renderPage, text } = require('../helpers/render');
const { api, apiLogin, resetServer, createSession, tap, type, run, settle } = require('./harness');

const RESIDENT = 'e2e_resident_1';
let demo;
beforeAll(async () => { demo = await resetServer(); });

const queryOf = (url) => Object.fromEntries(new URL(url, 'https://x').searchParams.entries());

test('a resident goes from the station scene to a fulfilled gift, through the pages', async () => {
  const adminToken = await apiLogin(demo.users.station_admin.openid);
  // The scene is what the station's admin sees on their station page (and prints on its code).
  const { scene } = await api('GET', `/api/v1/stations/${demo.station_id}`, { token: adminToken });
  expect(scene).toMatch(/^[0-9A-Z]{6,8}$/);

  const resident = createSession(RESIDENT).use();
  const admin = createSession(demo.users.station_admin.openid);

  // 1. The code opens the entry page with ?scene=…; the login carries it, the page routes on.
  const entry = renderPage('pages/entry/index');
  await run(entry.instance.onLoad({ scene: encodeURIComponent(scene) }));
  expect(resident.calls.redirectTo).toEqual([`/pages/stations/detail/index?id=${demo.station_id}&fromEntrance=1`]);
  const login = resident.lastRequest('POST', '/api/v1/auth/wechat/login');
  expect(login.data).toEqual({ code: `test-${RESIDENT}`, scene });
  const station = renderPage('pages/stations/detail');
  await run(station.instance.onLoad(queryOf(resident.calls.redirectTo[0])));
  expect(text(station, '#station-name')).toBe(demo.station_name);
  const residentToken = resident.token();
  const me = await api('GET', '/api/v1/me', { token: residentToken });
  expect(me.first_station_id).toBe(demo.station_id);

  // 2. The home page lists the national quiz; a tap opens it; every question gets its first option.
  const home = renderPage('pages/home/index');
  await run(home.instance.onLoad({}));
  const campaign = demo.campaigns.find((c) => c.title.includes('全国'));
  await tap(home, `#campaign-${campaign.id}`);
  expect(resident.calls.navigateTo).toEqual([`/pages/quiz/play/index?campaignId=${campaign.id}`]);
  const play = renderPage('pages/quiz/play');
  await run(play.instance.onLoad(queryOf(resident.calls.navigateTo[0])));
  const count = play.data.questions.length;
  expect(count).toBe(10);
  expect(text(play, '#progress')).toBe(`第 1 / ${count} 题`);
  for (let i = 0; i < count; i += 1) {
    const first = play.data.current.options[0].key;
    // eslint-disable-next-line no-await-in-loop
    await tap(play, `#option-${first}`);
    // eslint-disable-next-line no-await-in-loop
    if (i < count - 1) await tap(play, '#next');
  }
  await tap(play, '#submit');
  play.instance.onUnload();
  const submitted = resident.lastRequest('POST', '/submit');
  expect(submitted.statusCode).toBe(200);
  const attemptId = submitted.response.attempt_id;
  expect(resident.calls.redirectTo[1]).toBe(`/pages/quiz/result/index?attemptId=${attemptId}`);

  // 3. The result page shows what the server says was awarded.
  const graded = await api('GET', `/api/v1/quiz-attempts/${attemptId}`, { token: residentToken });
  expect(graded.status).toBe('submitted');
  const result = renderPage('pages/quiz/result');
  await run(result.instance.onLoad({ attemptId: String(attemptId) }));
  expect(text(result, '#score')).toBe(`${graded.correct_count} / ${count}`);
  expect(text(result, '#points-awarded')).toBe(`获得宝盾 ${graded.points_awarded > 0 ? '+' : ''}${graded.points_awarded}`);
  const wrong = graded.questions.find((q) => !q.correct);
  // The right answer as people read it: 正确/错误 for true/false, 'B. text' for options.
  const said = (q, key) => (q.kind === 'true_false' ? { T: '正确', F: '错误' }[key] : `${key}. ${q.options.find((o) => o.key === key).text}`);
  if (wrong) expect(text(result, `#result-${wrong.id}`)).toContain(`正确答案：${wrong.answer.map((k) => said(wrong, k)).join('；')}`);

  // 4. The association admin awards 300 points for offline work (no page for this yet: the API).
  const assocToken = await apiLogin(demo.users.association_admin.openid);
  await api('POST', '/api/v1/admin/points/adjustments', {
    token: assocToken,
    header: { 'Idempotency-Key': 'e2e-walk1-award' },
    data: { user_id: me.id, amount: 300, reason: '线下反诈宣传活动奖励' },
  });
  const expected = graded.points_awarded + 300;

  // 5. The points page shows the balance and both entries.
  const pointsPage = renderPage('pages/points/index');
  await run(pointsPage.instance.onLoad());
  expect(text(pointsPage, '#balance')).toBe(String(expected));
  const wallet = await api('GET', '/api/v1/me/points', { token: residentToken });
  expect(wallet.balance).toBe(expected);
  const entries = await api('GET', '/api/v1/me/points/entries', { token: residentToken });
  entries.items.forEach((e) => expect(text(pointsPage, `#entry-${e.id}`)).toContain(e.amount > 0 ? `+${e.amount}` : String(e.amount)));
  expect(entries.items.length).toBe(graded.points_awarded > 0 ? 2 : 1);
  expect(text(pointsPage, `#entry-${entries.items[0].id}`)).toContain('线下反诈宣传活动奖励');

  // 6. The gift mall → a gift picked up at the demo station → redeem.
  const mall = renderPage('pages/gifts/list');
  await run(mall.instance.onLoad());
  expect(text(mall, '#balance')).toBe(String(expected));
  const catalog = await api('GET', `/api/v1/gifts?station_id=${demo.station_id}`, { token: residentToken });
  const gift = catalog.items.find((g) => g.price_points <= expected && g.pickup_station_ids.includes(demo.station_id));
  expect(gift).toBeTruthy();
  await tap(mall, `#gift-${gift.id}`);
  expect(resident.calls.navigateTo[1]).toBe(`/pages/gifts/detail/index?id=${gift.id}`);
  const detail = renderPage('pages/gifts/detail');
  await run(detail.instance.onLoad({ id: String(gift.id) }));
  expect(text(detail, `#pickup-${demo.station_id}`)).toContain(demo.station_name);
  await tap(detail, '#redeem');
  expect(resident.calls.toasts).toContain('兑换成功');
  const redeemed = resident.lastRequest('POST', `/api/v1/gifts/${gift.id}/redemptions`);
  expect(redeemed.statusCode).toBe(201);
  const redemption = redeemed.response;
  expect(resident.calls.redirectTo[2]).toBe(`/pages/gifts/redemptions/index?highlight=${redemption.id}`);

  // 7. My redemptions show the pickup code to hand to the station.
  const mine = renderPage('pages/gifts/redemptions');
  await run(mine.instance.onLoad());
  const pickupCode = text(mine, `#code-${redemption.id}`);
  expect(pickupCode).toBe(redemption.pickup_code);
  expect(text(mine, `#redemption-${redemption.id}`)).toContain('待领取');

  // 8. The station admin types the code on the fulfil page.
  admin.use();
  const fulfil = renderPage('pages/admin/fulfil');
  fulfil.instance.onLoad({ stationId: String(demo.station_id) });
  await type(fulfil, '#pickup-code', pickupCode.toLowerCase());
  await tap(fulfil, '#fulfil');
  expect(admin.calls.toasts).toEqual(['发放成功']);
  expect(text(fulfil, '#last')).toBe(`已发放：${gift.name} × 1`);
  // The same code a second time is refused.
  await type(fulfil, '#pickup-code', pickupCode);
  await tap(fulfil, '#fulfil');
  expect(admin.calls.toasts).toEqual(['发放成功', '取件码无效、已使用或不属于本站']);
  expect(admin.lastRequest('POST', '/redemptions/fulfil').response.error.code).toBe('pickup_code_invalid');

  // 9. The server agrees: points taken once, one unit of stock gone, the redemption fulfilled.
  expect((await api('GET', '/api/v1/me/points', { token: residentToken })).balance).toBe(expected - gift.price_points);
  expect((await api('GET', `/api/v1/gifts/${gift.id}`, { token: residentToken })).stock).toBe(gift.stock - 1);
  expect((await api('GET', `/api/v1/redemptions/${redemption.id}`, { token: residentToken })).status).toBe('fulfilled');

  // And the resident's redemptions page says so.
  resident.use();
  const after = renderPage('pages/gifts/redemptions');
  await run(after.instance.onLoad());
  expect(text(after, `#redemption-${redemption.id}`)).toContain('已领取');
  await settle();
});

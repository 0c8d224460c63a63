// The station directory's search against the real API (q: name, district or address).
const { renderPage, text } = require('../helpers/render');
const { api, resetServer, createSession, tap, type, run } = require('./harness');

let demo;
beforeAll(async () => { demo = await resetServer(); });

test('the directory page finds the demo station by a part of its name and by its district', async () => {
  createSession('e2e_station_searcher').use();
  const station = await api('GET', `/api/v1/stations/${demo.station_id}`);
  const page = renderPage('pages/stations/list');
  await run(page.instance.onLoad());
  expect(text(page, `#station-${demo.station_id}`)).toContain(demo.station_name);

  await type(page, '#keyword', demo.station_name.slice(0, 3));
  await tap(page, '#search');
  expect(page.data.stations.map((s) => s.id)).toContain(demo.station_id);
  await type(page, '#keyword', station.district);
  await tap(page, '#search');
  expect(page.data.stations.every((s) => [s.name, s.district, s.address].some((v) => (v || '').includes(station.district)))).toBe(true);
  expect(page.data.stations.map((s) => s.id)).toContain(demo.station_id);

  await type(page, '#keyword', '%');
  await tap(page, '#search');
  expect(page.data.stations).toEqual([]);
  expect(text(page, '#state')).toContain('没有找到服务站');
});

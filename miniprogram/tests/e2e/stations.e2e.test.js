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

test('附近的服务站: the nearest come first with their distance, and an admin moves a station', async () => {
  // The demo's 右安门 station and its 翠林 sub-station have coordinates; a resident standing at
  // the sub-station sees it first.
  const resident = createSession('e2e_nearby_resident').use();
  resident.location = { latitude: 39.8606, longitude: 116.3661 };
  let page = renderPage('pages/stations/list');
  await run(page.instance.onLoad());
  await tap(page, '#nearby');
  const near = page.data.stations.filter((s) => s.distance_m !== null);
  expect(near.length).toBeGreaterThanOrEqual(2);
  expect(near[0].name).toBe('右安门翠林社区分站');
  expect(near[0].distance_m).toBeLessThan(50);
  expect(near[1].id).toBe(demo.station_id);
  expect(near[1].distance_m).toBeGreaterThan(800);
  expect(text(page, `#station-${demo.station_id}`)).toMatch(/ · 8\d\d 米$/);

  // The station admin picks the station's place on the map from the admin home...
  const admin = createSession(demo.users.station_admin.openid).use();
  admin.pickedLocation = { latitude: 39.8607, longitude: 116.3662 };
  const home = renderPage('pages/admin/index');
  await run(home.instance.onLoad({ stationId: String(demo.station_id) }));
  await tap(home, '#set-location');
  expect(admin.calls.toasts).toContain('已保存服务站位置');

  // ...and the resident, asking again, now finds it a few metres away.
  resident.use();
  page = renderPage('pages/stations/list');
  await run(page.instance.onLoad());
  await tap(page, '#nearby');
  const moved = page.data.stations.find((s) => s.id === demo.station_id);
  expect(moved.distance_m).toBeLessThan(50);
  expect(page.data.stations[0].distance_m).toBeLessThan(50);
  expect(page.data.stations[1].distance_m).toBeLessThan(50);
});

// Inspection routes for the fake backend (tests/helpers/backend.js), shared by the page tests
// and usable by screenshot scenarios: one inspection of station 10 with one finding.
function inspection(overrides = {}) {
  return {
    id: 90, station_id: 10, station_name: '右安门街道网络安全志愿服务站', association_id: 1, inspector_id: 8,
    inspected_on: '2026-12-01', rectify_by: '2026-12-03', summary: '例行检查', status: 'open', overdue: true, open_findings: 1,
    created_at: '2026-12-01T10:00:00+08:00', closed_at: null,
    findings: [
      { id: 301, item_title: '牌匾标识', result: 'finding', note: '牌匾未悬挂', status: 'open', photos: [], responses: [] },
      { id: 302, item_title: '台账', result: 'ok', note: null, status: 'ok', photos: [], responses: [] },
    ],
    ...overrides,
  };
}

function installInspections(backend) {
  backend.state.users.inspector01 = { id: 8, nickname: '督导老刘', roles: [{ role: 'inspector', association_id: 1 }], station: null, verified_minutes: 0, star_level: 0, points_balance: 0 };
  backend.state.inspection = inspection();
  backend.on('GET', '/api/v1/inspections', (req) => {
    const { findings, ...summary } = backend.state.inspection;
    const items = req.query.overdue === 'true' && !summary.overdue ? [] : [summary];
    return { status: 200, body: { items, page: 1, per_page: 20, total: items.length } };
  });
  backend.on('GET', '/api/v1/inspections/{id}', () => ({ status: 200, body: backend.state.inspection }));
  backend.on('GET', '/api/v1/associations/{id}/inspection-checklist', (req) => ({ status: 200, body: { association_id: Number(req.params.id), items: [{ id: 1, title: '牌匾标识', position: 0 }, { id: 2, title: '台账', position: 1 }] } }));
  backend.on('POST', '/api/v1/stations/{id}/inspections', () => ({ status: 201, body: inspection({ id: 91 }) }));
  const finding = () => backend.state.inspection.findings[0];
  backend.on('POST', '/api/v1/inspection-findings/{id}/responses', (req) => {
    finding().responses.push({ id: 401, author_id: 3, text: req.data.text, decision: 'pending', decision_reason: null, photos: [] });
    finding().status = 'answered';
    return { status: 201, body: finding() };
  });
  backend.on('POST', '/api/v1/inspection-findings/{id}/photos', () => {
    finding().responses[finding().responses.length - 1].photos.push({ id: 501, url: '/api/v1/inspection-photos/501' });
    return { status: 201, body: { id: 501, url: '/api/v1/inspection-photos/501' } };
  });
  backend.on('POST', '/api/v1/inspection-findings/{id}/return', (req) => {
    Object.assign(finding().responses[0], { decision: 'returned', decision_reason: req.data.reason });
    finding().status = 'returned';
    return { status: 200, body: finding() };
  });
  backend.on('POST', '/api/v1/inspection-findings/{id}/accept', () => {
    finding().responses[finding().responses.length - 1].decision = 'accepted';
    finding().status = 'accepted';
    return { status: 200, body: finding() };
  });
  backend.on('POST', '/api/v1/inspections/{id}/close', () => {
    if (finding().status !== 'accepted') return { status: 409, body: { error: { code: 'findings_unaccepted', message: '仍有问题未通过复核', details: {} } } };
    backend.state.inspection.status = 'closed';
    return { status: 200, body: backend.state.inspection };
  });
}

module.exports = { inspection, installInspections };

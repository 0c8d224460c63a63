// A fake of the 网安联 API that answers like PRODUCT.md §12: bearer tokens from
// POST /api/v1/auth/wechat/login (code "test-<openid>" → token "tok-<openid>"), error bodies
// {"error": {"code", "message", "details"}}. Tests read `requests` and can replace any route
// with `on(method, path, handler)`.
const BASE = 'http://127.0.0.1:5000';
// Lists answer like the real API: {items, page, per_page, total}.
const pageOf = (items) => ({ items, page: 1, per_page: 20, total: items.length });
const err = (status, code, message, details = {}) => ({ status, body: { error: { code, message, details } } });

function makeUsers() {
  return {
    resident01: { id: 1, nickname: '居民小王', roles: [], station: null, verified_minutes: 0, star_level: 0, points_balance: 120 },
    volunteer01: { id: 2, nickname: '志愿者小李', roles: ['volunteer'], station: { id: 10, name: '右安门街道网络安全志愿服务站' }, home_station_id: 10, volunteer_number: 'BJ-FT-0001', verified_minutes: 6300, star_level: 1, points_balance: 630 },
    stationadmin01: { id: 3, nickname: '站长老周', roles: [{ role: 'station_admin', station_id: 10 }], station: { id: 10, name: '右安门街道网络安全志愿服务站' }, verified_minutes: 0, star_level: 0, points_balance: 0 },
    assocadmin01: { id: 4, nickname: '协会小陈', roles: [{ role: 'association_admin', association_id: 1 }], station: null, verified_minutes: 0, star_level: 0, points_balance: 0 },
  };
}

function createBackend() {
  const state = {
    users: makeUsers(),
    expiredTokens: new Set(),
    // Public fields of GET /api/v1/stations (StationSchema); 10 has coordinates (GCJ-02), 11 none.
    stations: [
      { id: 10, association_id: 1, parent_id: null, name: '右安门街道网络安全志愿服务站', kind: 'service_station', place_type: 'government_window', status: 'active', district: '丰台区', address: '北京市丰台区右安门街道', opening_hours: '周一至周五 9:00-17:00', party_member_post: true, latitude: 39.868, longitude: 116.356, created_at: '2026-09-01T10:00:00+08:00' },
      { id: 11, association_id: 1, parent_id: null, name: '首都师范大学附中网络安全教育基地', kind: 'education_base', place_type: 'school', status: 'active', district: '海淀区', address: '北京市海淀区北洼路33号', opening_hours: null, party_member_post: false, latitude: null, longitude: null, created_at: '2026-09-02T10:00:00+08:00' },
    ],
    entrances: {
      'st-10': { kind: 'station', target_id: 10 },
      'ac-7': { kind: 'activity', target_id: 7 },
      // A survey link's target is the link (44); its survey comes in details, as on the server.
      SV3ST10: { kind: 'survey_link', target_id: 44, station_id: 10, status: 'active', station: { id: 10, name: '右安门街道网络安全志愿服务站', kind: 'service_station', status: 'active' }, details: { survey_id: 3, channel: null } },
      'qc-5': { kind: 'quiz_campaign', target_id: 5 },
    },
    campaigns: [
      { id: 5, title: '反电信网络诈骗知识月度问答', starts_at: '2026-11-01T00:00:00Z', ends_at: '2026-11-30T15:59:59Z', questions_per_attempt: 3, time_limit_seconds: 300, attempts_per_day: 3, points_per_correct: 5, perfect_bonus: 10, daily_points_cap: 60, status: 'open', scope: 'station' },
    ],
    activities: [
      { id: 7, station: { id: 10, name: '右安门街道网络安全志愿服务站' }, title: '网络安全进社区', kind: '进社区', place: '右安门社区活动室', starts_at: '2026-11-22T06:00:00Z', ends_at: '2026-11-22T08:00:00Z', capacity: 20, signup_count: 5, my_status: null },
    ],
    gifts: [
      { id: 3, name: '反诈主题帆布袋', price_points: 100, stock: 20, per_user_limit: 1, scope: 'association', association_id: 1, station_id: null, sponsor: '北京网络空间安全协会', description: '环保帆布袋', image_url: null, pickup_station_ids: [10], active: true },
    ],
    redemptions: [],
    myApplications: [
      { id: 30, user_id: 2, station_id: 10, status: 'approved', real_name: '李四', volunteer_number: 'BJ-FT-0001', created_at: '2026-10-01T10:00:00+08:00', reviewed_at: '2026-10-02T10:00:00+08:00', reject_reason: null },
      { id: 29, user_id: 2, station_id: 11, status: 'rejected', real_name: '李四', volunteer_number: null, created_at: '2026-09-20T10:00:00+08:00', reviewed_at: '2026-09-21T10:00:00+08:00', reject_reason: '本基地仅招募在校师生' },
    ],
    corrections: [],
    helpRequests: [],
    highlights: [
      { id: 70, activity_id: 7, author_id: 2, text: '活动现场', has_image: true, text_check: 'pass', image_check: 'pending', status: 'held', created_at: '2026-11-22T14:30:00+08:00' },
      { id: 71, activity_id: 7, author_id: 2, text: '需要复核的文字', has_image: false, text_check: 'review', image_check: 'none', status: 'held', created_at: '2026-11-22T15:00:00+08:00' },
    ],
    hours: [
      { id: 51, user_id: 2, volunteer_name: '李四', station_id: 10, source: 'manual', started_at: '2026-11-20T09:00:00+08:00', ended_at: '2026-11-20T11:00:00+08:00', minutes: 120, hours: 2, description: '社区反诈宣讲', status: 'pending' },
    ],
    applications: [
      { id: 31, user_id: 5, station_id: 10, real_name: '张三', phone: '138****5678', skills: ['网络安全讲解'], is_party_member: true, created_at: '2026-11-21T10:00:00+08:00', status: 'pending' },
    ],
    qualifications: [
      { id: 61, kind: 'lecturer', real_name: '王老师', phone: '139****0000', assessment_score: 92, created_at: '2026-11-19T02:00:00Z', status: 'pending' },
    ],
    settlements: {},
    attempts: {},
    // GET /api/v1/surveys/{id} (SurveySchema), a questionnaire like the demo survey's.
    surveys: {
      3: { id: 3, title: '2026年网民网络安全感满意度调查', association_id: null,
        internal_test_starts_at: null, internal_test_ends_at: null, public_test_starts_at: null, public_test_ends_at: null,
        collection_starts_at: '2026-09-13T00:00:00+08:00', collection_ends_at: '2026-09-23T00:00:00+08:00',
        min_seconds: 60, straight_line_min_rows: 5, points: 20, subsidy_fen_per_valid: 10, created_at: '2026-09-01T10:00:00+08:00',
        questionnaire: { questions: [
          { id: 'age_band', type: 'single', title: '您的年龄段', required: true, profile: true, options: [{ value: 'u18', label: '18岁以下' }, { value: '18_24', label: '18-24岁' }, { value: '25_34', label: '25-34岁' }] },
          { id: 'occupation', type: 'single', title: '您的职业', required: true, profile: true, options: [{ value: 'student', label: '学生' }, { value: 'employee', label: '企业职员' }] },
          { id: 'school', type: 'single', title: '您就读的学段', required: true, show_if: { question: 'occupation', in: ['student'] }, options: [{ value: 'middle', label: '中学' }, { value: 'college', label: '大学' }] },
          { id: 'satisfaction', type: 'matrix', title: '您对以下方面网络安全状况的满意程度', required: true,
            rows: [{ value: 'fraud', label: '电信网络诈骗治理' }, { value: 'privacy', label: '个人信息保护' }],
            options: [{ value: '5', label: '非常满意' }, { value: '3', label: '一般' }, { value: '1', label: '非常不满意' }] },
          { id: 'concerns', type: 'multiple', title: '您最关注的网络安全问题（多选）', required: false, options: [{ value: 'fraud', label: '网络诈骗' }, { value: 'leak', label: '个人信息泄露' }] },
          { id: 'advice', type: 'text', title: '您对网络安全治理的意见建议', required: false, max_length: 500 },
        ] } },
    },
    surveyLinks: { 'SV3ST10': { id: 44, survey_id: 3, station_id: 10, association_id: 1 } },
    surveyDrafts: {},
    surveyResponses: [],
    // The fake's clock for surveys (a submit's duration is measured against it).
    now: () => new Date(),
    nextId: 1000,
  };

  const questions = [
    { id: 101, kind: 'single', stem: '接到自称“公检法”要求转账到“安全账户”的电话，应当？', options: [{ key: 'A', text: '立即挂断并拨打110核实' }, { key: 'B', text: '按要求转账' }] },
    { id: 102, kind: 'multiple', stem: '以下哪些属于个人敏感信息？', options: [{ key: 'A', text: '身份证号' }, { key: 'B', text: '银行卡号' }, { key: 'C', text: '喜欢的颜色' }] },
    { id: 103, kind: 'true_false', stem: '《反电信网络诈骗法》自2022年12月1日起施行。', options: [{ key: 'T', text: '正确' }, { key: 'F', text: '错误' }] },
  ];
  const rightAnswers = { 101: ['A'], 102: ['A', 'B'], 103: ['T'] };

  const requests = [];
  const overrides = [];

  function userOf(req) {
    const auth = (req.header && (req.header.Authorization || req.header.authorization)) || '';
    const m = /^Bearer tok-(.+)$/.exec(auth);
    if (!m || state.expiredTokens.has(`tok-${m[1]}`)) return null;
    return state.users[m[1]] || null;
  }

  const routes = [
    ['POST', '/api/v1/auth/wechat/login', (req) => {
      const m = /^test-([A-Za-z0-9_-]{6,64})$/.exec((req.data && req.data.code) || '');
      if (!m) return err(400, 'invalid_code', '微信登录凭证无效，请重新进入小程序');
      if (!state.users[m[1]]) state.users[m[1]] = { ...makeUsers().resident01, id: state.nextId++ };
      return { status: 200, body: { token: `tok-${m[1]}`, expires_in: 7200, user: state.users[m[1]] } };
    }, { auth: false }],
    ['GET', '/api/v1/me', (req, user) => ({ status: 200, body: user })],
    ['GET', '/api/v1/entrances/{scene}', (req) => {
      const entrance = state.entrances[req.params.scene];
      return entrance ? { status: 200, body: { scene: req.params.scene, ...entrance } } : err(404, 'entrance_not_found', '二维码已失效或不存在');
    }, { auth: false }],
    ['GET', '/api/v1/stations', (req) => {
      // Like the server: q is a case-insensitive part of the name, district or address.
      const q = (req.query.q || '').trim().toLowerCase();
      const perPage = Number(req.query.per_page || 20);
      const found = state.stations.filter((st) => st.status === 'active'
        && (!q || [st.name, st.district, st.address].some((v) => (v || '').toLowerCase().includes(q)))
        && (!req.query.district || st.district === req.query.district)
        && (!req.query.kind || st.kind === req.query.kind));
      if (req.query.near) {
        // Like the server: nearest first with distance_m; stations without coordinates last.
        const [lat, lng] = String(req.query.near).split(',').map(Number);
        const metres = (st) => (st.latitude == null ? null
          : Math.round(Math.hypot(st.latitude - lat, (st.longitude - lng) * Math.cos((lat * Math.PI) / 180)) * 111195));
        const ranked = found.map((st) => ({ ...st, distance_m: metres(st) }))
          .sort((a, b) => (a.distance_m == null) - (b.distance_m == null) || a.distance_m - b.distance_m);
        return { status: 200, body: { items: ranked.slice(0, perPage), page: 1, per_page: perPage, total: ranked.length } };
      }
      return { status: 200, body: { items: found.slice(0, perPage), page: 1, per_page: perPage, total: found.length } };
    }, { auth: false }],
    ['GET', '/api/v1/stations/{id}', (req) => {
      const station = state.stations.find((s) => s.id === Number(req.params.id));
      return station ? { status: 200, body: station } : err(404, 'station_not_found', '服务站不存在');
    }, { auth: false }],
        ['GET', '/api/v1/stations/{id}/figures', (req) => ({ status: 200, body: { station_id: Number(req.params.id), volunteers: 42, party_members: 9, verified_minutes_this_month: 12345, verified_hours_this_month: 205.75, verified_minutes_this_year: 60000, verified_hours_this_year: 1000, pending_hour_records: 1, pending_applications: 1, open_correction_requests: 0 } })],
    ['PATCH', '/api/v1/stations/{id}', (req, user) => {
      // Like the server: only the station's admins move it.
      const station = state.stations.find((s) => s.id === Number(req.params.id));
      if (!station) return err(404, 'station_not_found', '服务站不存在');
      if (!(user.roles || []).some((r) => r.station_id === station.id)) return err(403, 'forbidden', '无权修改该服务站');
      Object.assign(station, req.data);
      return { status: 200, body: station };
    }],
    ['POST', '/api/v1/admin-invites/claim', (req) => (req.data.invite_code === 'INV-OK'
      ? { status: 200, body: { station_id: 10, role: 'station_admin' } } : err(404, 'invite_not_found', '邀请码无效或已被使用'))],
    ['POST', '/api/v1/me/privacy-consent', (req) => ({ status: 201, body: { version: req.data.version, accepted_at: '2026-11-22T06:30:00Z' } })],
    ['GET', '/api/v1/me/export', (req, user) => ({ status: 200, body: { user, service_hours: [], points_entries: [] } })],
    ['DELETE', '/api/v1/me', () => ({ status: 204, body: '' })],
    ['POST', '/api/v1/volunteer-applications', (req) => {
      if (!req.data.real_name || !req.data.phone) return err(422, 'validation_error', '请填写完整', { fields: { phone: '请填写手机号' } });
      return { status: 201, body: { id: state.nextId++, status: 'pending', ...req.data } };
    }],
    ['GET', '/api/v1/stations/{id}/volunteer-applications', () => ({ status: 200, body: pageOf(state.applications.filter((a) => a.status === 'pending')) })],
    ['POST', '/api/v1/volunteer-applications/{id}/approve', (req) => review(state.applications, req, 'approved')],
    ['POST', '/api/v1/volunteer-applications/{id}/reject', (req) => review(state.applications, req, 'rejected')],
    ['GET', '/api/v1/activities', () => ({ status: 200, body: pageOf(state.activities) })],
    ['POST', '/api/v1/stations/{id}/activities', (req) => {
      const activity = { id: state.nextId++, station: { id: Number(req.params.id) }, signup_count: 0, my_status: null, ...req.data };
      state.activities.push(activity);
      return { status: 201, body: activity };
    }],
    ['POST', '/api/v1/activities/{id}/signups', (req) => attend(req, 'signed_up')],
    ['POST', '/api/v1/activities/{id}/check-in', (req) => onSite(req) || attend(req, 'checked_in')],
    ['POST', '/api/v1/activities/{id}/check-out', (req) => onSite(req) || attend(req, 'checked_out')],
    ['POST', '/api/v1/activities/{id}/highlights', (req) => ({ status: 201, body: { id: state.nextId++, activity_id: Number(req.params.id), author_id: 2, text: req.data.text || null, has_image: !!req.filePath, text_check: 'pass', image_check: req.filePath ? 'pending' : 'none', status: req.filePath ? 'held' : 'visible', created_at: '2026-11-22T14:30:00+08:00' } })],
    ['POST', '/api/v1/service-hours', (req) => {
      const record = { id: state.nextId++, status: 'pending', minutes: 120, ...req.data };
      state.hours.push(record);
      return { status: 201, body: record };
    }],
    ['GET', '/api/v1/me/service-hours', (req, user) => ({ status: 200, body: pageOf(state.hours) })],
    ['GET', '/api/v1/service-hours/{id}', (req) => {
      const record = state.hours.find((h) => h.id === Number(req.params.id));
      return record ? { status: 200, body: record } : err(404, 'record_not_found', '记录不存在');
    }],
    ['GET', '/api/v1/me/volunteer-applications', () => ({ status: 200, body: pageOf(state.myApplications) })],
    ['POST', '/api/v1/service-hours/{id}/correction-requests', (req, user) => {
      const record = state.hours.find((h) => h.id === Number(req.params.id));
      if (!record || record.status !== 'verified') return err(409, 'record_not_verified', '只有已核验的记录可以申请更正');
      const request = { id: state.nextId++, record_id: record.id, user_id: user.id, station_id: 10, reason: req.data.reason, proposed_started_at: null, proposed_ended_at: null, status: 'open', created_at: '2026-11-23T10:00:00+08:00' };
      state.corrections.push(request);
      return { status: 201, body: request };
    }],
    ['GET', '/api/v1/stations/{id}/correction-requests', (req) => ({ status: 200, body: pageOf(state.corrections.filter((c) => c.status === (req.query.status || 'open'))) })],
    ['POST', '/api/v1/correction-requests/{id}/decline', (req) => {
      const request = state.corrections.find((c) => c.id === Number(req.params.id));
      if (request.status !== 'open') return err(409, 'request_handled', '该申请已处理');
      Object.assign(request, { status: 'declined', decline_reason: req.data.reason });
      return { status: 200, body: request };
    }],
    ['POST', '/api/v1/service-hours/{id}/corrections', (req) => {
      const request = state.corrections.find((c) => c.id === req.data.request_id);
      if (request) request.status = 'resolved';
      const correction = { id: state.nextId++, status: 'pending', corrects_id: Number(req.params.id), ...req.data };
      state.hours.push(correction);
      return { status: 201, body: correction };
    }],
    ['GET', '/api/v1/stations/{id}/service-hours', () => ({ status: 200, body: pageOf(state.hours.filter((h) => h.status === 'pending')) })],
    ['POST', '/api/v1/service-hours/{id}/verify', (req) => review(state.hours, req, 'verified')],
    ['POST', '/api/v1/service-hours/{id}/reject', (req) => review(state.hours, req, 'rejected')],
    ['GET', '/api/v1/quiz-campaigns', () => ({ status: 200, body: pageOf(state.campaigns) })],
    ['POST', '/api/v1/quiz-campaigns/{id}/attempts', () => ({ status: 201, body: { attempt_id: 77, campaign_id: 5, deadline: new Date(Date.now() + 300000).toISOString(), time_limit_seconds: 300, resumed: false, questions } })],
    ['POST', '/api/v1/quiz-attempts/{id}/submit', (req) => {
      const answers = req.data.answers || {};
      const graded = questions.map((q) => {
        const given = (answers[q.id] || []).slice().sort();
        const correct = JSON.stringify(given) === JSON.stringify(rightAnswers[q.id]);
        return { ...q, your_answer: given, answer: rightAnswers[q.id], correct, explanation: `解析：第${q.id}题` };
      });
      const correctCount = graded.filter((g) => g.correct).length;
      state.attempts[req.params.id] = {
        attempt_id: Number(req.params.id), campaign_id: 5, status: 'submitted', correct_count: correctCount, question_count: questions.length,
        score: Math.floor((100 * correctCount) / questions.length), points_earned: correctCount * 5, points_awarded: correctCount * 5,
        no_points_reason: null, is_assessment: false, pass_mark: null, passed: null, ignored_answers: {}, questions: graded,
      };
      return { status: 200, body: state.attempts[req.params.id] };
    }],
    ['GET', '/api/v1/quiz-attempts/{id}', (req) => (state.attempts[req.params.id]
      ? { status: 200, body: state.attempts[req.params.id] } : err(404, 'attempt_not_found', '答题记录不存在'))],
    ['GET', '/api/v1/quiz-campaigns/{id}/leaderboard', () => ({ status: 200, body: { campaign_id: 5, scope: 'users', by: 'participants', items: [{ rank: 1, user_id: 1, name: '居民小王', correct_answers: 15 }], me: null } })],
    ['GET', '/api/v1/me/points', (req, user) => ({ status: 200, body: { balance: user.points_balance, earned: user.points_balance + 100, spent: 100 } })],
    ['GET', '/api/v1/me/points/entries', (req) => {
      const entries = [
        { id: 1, amount: 15, balance_after: 220, reason: '问答奖励', reference_type: 'quiz_attempt', reference_id: '77', transfer_id: 11, created_at: '2026-11-21T14:30:00+08:00' },
        { id: 2, amount: -100, balance_after: 120, reason: '兑换礼品', reference_type: 'redemption', reference_id: '900', transfer_id: 12, created_at: '2026-11-22T14:30:00+08:00' },
      ];
      return { status: 200, body: { ...pageOf(entries), page: Number(req.query.page || 1) } };
    }],
    ['GET', '/api/v1/gifts', () => ({ status: 200, body: pageOf(state.gifts) })],
    ['GET', '/api/v1/gifts/{id}', (req) => {
      const gift = state.gifts.find((g) => g.id === Number(req.params.id));
      return gift ? { status: 200, body: gift } : err(404, 'gift_not_found', '礼品不存在');
    }],
    ['POST', '/api/v1/gifts/{id}/redemptions', (req, user) => {
      if (!req.header['Idempotency-Key']) return err(400, 'idempotency_key_required', '缺少幂等键');
      const gift = state.gifts.find((g) => g.id === Number(req.params.id));
      const cost = gift.price_points * (req.data.quantity || 1);
      if (user.points_balance < cost) return err(409, 'insufficient_points', '宝盾余额不足');
      user.points_balance -= cost;
      gift.stock -= req.data.quantity || 1;
      const redemption = { id: state.nextId++, gift_id: gift.id, gift_name: gift.name, user_id: user.id, pickup_station_id: req.data.pickup_station_id || gift.pickup_station_ids[0], quantity: req.data.quantity || 1, points_spent: cost, pickup_code: 'K7Q2M9', status: 'pending_pickup', created_at: '2026-11-22T14:30:00+08:00', expires_at: '2026-11-29T14:30:00+08:00', closed_at: null };
      state.redemptions.push(redemption);
      return { status: 201, body: redemption };
    }],
    ['GET', '/api/v1/me/redemptions', () => ({ status: 200, body: pageOf(state.redemptions) })],
    ['POST', '/api/v1/redemptions/{id}/cancel', (req) => review(state.redemptions, req, 'cancelled')],
    ['POST', '/api/v1/stations/{id}/redemptions/fulfil', (req) => {
      if (req.data.pickup_code !== 'K7Q2M9') return err(404, 'pickup_code_invalid', '取件码无效、已使用或不属于本站');
      return { status: 200, body: { id: 900, gift_id: 3, gift_name: '反诈主题帆布袋', user_id: 1, pickup_station_id: Number(req.params.id), quantity: 1, points_spent: 100, status: 'fulfilled', created_at: '2026-11-22T14:30:00+08:00', expires_at: '2026-11-29T14:30:00+08:00', closed_at: '2026-11-23T10:00:00+08:00' } };
    }],
    ['POST', '/api/v1/qualification-applications', (req) => ({ status: 201, body: { id: state.nextId++, status: 'pending', ...req.data } })],
    ['GET', '/api/v1/qualification-applications', () => ({ status: 200, body: pageOf(state.qualifications.filter((q) => q.status === 'pending')) })],
    ['POST', '/api/v1/qualification-applications/{id}/approve', (req) => review(state.qualifications, req, 'approved')],
    ['POST', '/api/v1/qualification-applications/{id}/reject', (req) => review(state.qualifications, req, 'rejected')],
    // app/settlements: 202 with the run; the same kind and scope is the same run. The fake's
    // "worker" finishes a run when it is read again.
    ['POST', '/api/v1/admin/settlements', (req, user) => {
      const { kind, association_id: associationId = null, scope = {} } = req.data;
      const kinds = ['campaign_close', 'reconcile', 'redemption_expiry', 'service_hours', 'survey_subsidy'];
      if (!kinds.includes(kind)) return err(422, 'validation_error', 'Invalid input.', { fields: { kind: [`Unknown kind; one of ${JSON.stringify(kinds)}.`] } });
      const own = (user.roles || []).find((r) => r.role === 'association_admin');
      if (associationId === null) return err(422, 'validation_error', 'Invalid input.', { fields: { association_id: ['Missing data for required field.'] } });
      if (!own || own.association_id !== associationId) return err(403, 'forbidden', 'You do not administer this association.');
      const fullScope = { ...scope, association_id: associationId, ...(kind === 'reconcile' && !scope.date ? { date: '2026-11-21' } : {}) };
      const same = Object.values(state.settlements).find((r) => r.kind === kind && JSON.stringify(r.scope) === JSON.stringify(fullScope));
      if (same) return { status: 202, body: same };
      const run = { id: state.nextId++, kind, scope: fullScope, association_id: associationId, status: 'pending', created_by_id: user.id, created_at: '2026-11-22T14:30:00+08:00', materialised_at: null, finished_at: null, error: null,
        totals: { items: 0, amount: 0 }, progress: { chunks_total: 0, chunks_pending: 0, chunks_running: 0, chunks_done: 0, chunks_failed: 0, items_done: 0, amount_done: 0, percent: null }, failures: [], alerts: [] };
      state.settlements[run.id] = run;
      return { status: 202, body: run };
    }],
    ['GET', '/api/v1/admin/settlements', (req, user) => {
      const own = (user.roles || []).find((r) => r.role === 'association_admin');
      if (!own) return err(403, 'forbidden', 'Association admins only.');
      const runs = Object.values(state.settlements).filter((r) => r.association_id === own.association_id).sort((x, y) => y.id - x.id);
      return { status: 200, body: pageOf(runs) };
    }],
    ['GET', '/api/v1/admin/settlements/{id}', (req) => {
      const run = state.settlements[req.params.id];
      if (!run) return err(404, 'settlement_not_found', 'No such settlement run.');
      Object.assign(run, { status: 'done', materialised_at: '2026-11-22T14:30:01+08:00', finished_at: '2026-11-22T14:31:00+08:00', totals: { items: 3, amount: 60 },
        progress: { chunks_total: 1, chunks_pending: 0, chunks_running: 0, chunks_done: 1, chunks_failed: 0, items_done: 3, amount_done: 60, percent: 100 } });
      return { status: 200, body: run };
    }],
    ['GET', '/api/v1/surveys/{id}', (req) => {
      const survey = state.surveys[req.params.id];
      return survey ? { status: 200, body: survey } : err(404, 'survey_not_found', '问卷不存在');
    }, { auth: false }],
    ['PUT', '/api/v1/surveys/{id}/drafts/{client_id}', (req, user) => {
      const survey = state.surveys[req.params.id];
      if (!survey) return err(404, 'survey_not_found', 'No such survey.');
      const bad = answersProblem(survey, req.data.answers);
      if (bad) return bad;
      const key = `${survey.id}:${user.id}:${req.params.client_id}`;
      if (state.surveyResponses.some((r) => r.key === key)) return err(409, 'already_submitted', 'This questionnaire was already submitted.');
      const before = state.surveyDrafts[key];
      const draft = { client_id: req.params.client_id, link_scene: req.data.link_scene || (before && before.link_scene) || null,
        started_at: (before && before.started_at) || req.data.started_at || null, answers: req.data.answers, updated_at: state.now().toISOString(), submitted_response_id: null };
      state.surveyDrafts[key] = draft;
      return { status: 200, body: draft };
    }],
    ['GET', '/api/v1/surveys/{id}/drafts/{client_id}', (req, user) => {
      const draft = state.surveyDrafts[`${req.params.id}:${user.id}:${req.params.client_id}`];
      return draft ? { status: 200, body: draft } : err(404, 'draft_not_found', 'Nothing saved for this questionnaire.');
    }],
    ['POST', '/api/v1/surveys/{id}/responses', (req, user) => {
      const survey = state.surveys[req.params.id];
      if (!survey) return err(404, 'survey_not_found', 'No such survey.');
      const { link_scene: scene, client_id: clientId, started_at: startedAt, answers } = req.data;
      const missing = ['link_scene', 'client_id', 'started_at', 'answers'].filter((k) => req.data[k] === undefined || req.data[k] === null);
      if (missing.length) return err(422, 'validation_error', 'Invalid input.', { fields: Object.fromEntries(missing.map((k) => [k, ['Missing data for required field.']])) });
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(clientId)) return err(422, 'validation_error', 'Invalid input.', { fields: { client_id: ['8-64 of A-Za-z0-9_-.'] } });
      if (!/(Z|[+-]\d\d:\d\d)$/.test(startedAt)) return err(422, 'validation_error', 'Invalid input.', { fields: { started_at: ['Give a time with its offset.'] } });
      const key = `${survey.id}:${user.id}:${clientId}`;
      const existing = state.surveyResponses.find((r) => r.key === key);
      if (existing) return { status: 200, body: { ...existing.body, points_awarded: 0, replayed: true } };
      const link = state.surveyLinks[scene];
      if (!link) return err(404, 'entrance_not_found', 'No such scene.');
      if (link.survey_id !== survey.id) return err(422, 'link_not_for_survey', 'This link belongs to another survey.');
      const bad = answersProblem(survey, answers);
      if (bad) return bad;
      const now = state.now();
      const duration = Math.max(0, Math.floor((now - new Date(startedAt)) / 1000));
      const flags = [];
      if (duration < survey.min_seconds) flags.push({ flag: 'too_fast', reason: `Answered in ${duration} s; at least ${survey.min_seconds} s needed.` });
      const unanswered = surveyMissing(survey, answers);
      if (unanswered.length) flags.push({ flag: 'incomplete', reason: `Required questions unanswered: ${unanswered.join(', ')}` });
      if (state.surveyResponses.some((r) => r.userId === user.id && r.surveyId === survey.id)) flags.push({ flag: 'duplicate', reason: 'This WeChat user already answered this survey.' });
      const valid = flags.length === 0;
      const body = { id: state.nextId++, survey_id: survey.id, link_id: link.id, station_id: link.station_id, association_id: link.association_id, client_id: clientId,
        started_at: startedAt, submitted_at: now.toISOString(), duration_seconds: duration, is_valid: valid, auto_valid: valid, flags,
        reviewed_valid: null, review_reason: null, reviewed_at: null, points_awarded: valid ? survey.points : 0, replayed: false };
      state.surveyResponses.push({ key, userId: user.id, surveyId: survey.id, body });
      const draft = state.surveyDrafts[key];
      if (draft) draft.submitted_response_id = body.id;
      return { status: 201, body };
    }],
    ['POST', '/api/v1/help-requests', (req, user) => {
      if (!req.data.description) return err(422, 'validation_error', '请描述遇到的问题', { fields: { description: '必填' } });
      const row = { id: state.nextId++, status: 'submitted', reporter_id: user.id, station_id: 10, has_evidence_image: false, created_at: '2026-11-23T10:00:00+08:00', outcome: null, referred_to: null, history: [{ action: 'submitted', to_status: 'submitted', created_at: '2026-11-23T10:00:00+08:00' }], ...req.data };
      state.helpRequests.push(row);
      return { status: 201, body: row };
    }],
    ['GET', '/api/v1/me/help-requests', (req, user) => ({ status: 200, body: pageOf(state.helpRequests.filter((r) => r.reporter_id === user.id)) })],
    ['GET', '/api/v1/help-requests/{id}', (req) => {
      const row = state.helpRequests.find((r) => r.id === Number(req.params.id));
      return row ? { status: 200, body: row } : err(404, 'help_request_not_found', '求助不存在');
    }],
    ['POST', '/api/v1/help-requests/{id}/evidence-image', (req) => {
      const row = state.helpRequests.find((r) => r.id === Number(req.params.id));
      if (!req.filePath) return err(422, 'validation_error', '请上传照片');
      row.has_evidence_image = true;
      return { status: 200, body: row };
    }],
    ['GET', '/api/v1/stations/{id}/help-requests', (req) => ({ status: 200, body: pageOf(state.helpRequests.filter((r) => !req.query.status || r.status === req.query.status)) })],
    ...[['accept', 'submitted', 'accepted'], ['refer', 'accepted', 'referred'], ['close', null, 'closed']].map(([action, from, to]) => ['POST', `/api/v1/help-requests/{id}/${action}`, (req) => {
      const row = state.helpRequests.find((r) => r.id === Number(req.params.id));
      if ((from && row.status !== from) || row.status === 'closed') return err(409, 'help_request_wrong_status', '当前状态不能这样处理');
      row.status = to;
      if (action === 'refer') row.referred_to = req.data.to;
      if (action === 'close') row.outcome = req.data.outcome;
      row.history.push({ action: to, to_status: to, note: (req.data && req.data.note) || null, created_at: '2026-11-23T12:00:00+08:00' });
      return { status: 200, body: row };
    }]),
    ['GET', '/api/v1/stations/{id}/leaderboards/{board}', (req, user) => {
      const rows = req.params.board === 'points'
        ? [{ rank: 1, user_id: 2, name: '志愿者小李', value: 630 }, { rank: 2, user_id: 9, name: '网友0009', value: 120 }]
        : [{ rank: 1, user_id: 2, name: '志愿者小李', value: 6300 }];
      return { status: 200, body: { station_id: Number(req.params.id), board: req.params.board, unit: req.params.board === 'points' ? '宝盾' : 'minutes', items: rows, me: rows.find((r) => r.user_id === user.id) || null } };
    }],
    ['GET', '/api/v1/stations/{id}/roster', () => ({ status: 200, body: pageOf([
      { user_id: 2, volunteer_number: 'BJ-FT-0001', real_name: '李四', phone: '13800005678', is_minor: false, verified_minutes: 6300, verified_hours: 105, star_level: 1, joined_at: '2026-10-02T10:00:00+08:00' },
      { user_id: 8, volunteer_number: 'BJ-FT-0002', real_name: '王*', phone: '138****1234', is_minor: true, verified_minutes: 90, verified_hours: 1, star_level: 0, joined_at: '2026-10-05T10:00:00+08:00' },
    ]) })],
    ['GET', '/api/v1/stations/{id}/redemptions', (req) => ({ status: 200, body: pageOf(state.redemptions.filter((r) => r.status === (req.query.status || r.status)).map((r) => ({ ...r, pickup_code: undefined }))) })],
    ['POST', '/api/v1/gifts/{id}/stock-adjustments', (req) => {
      const gift = state.gifts.find((g) => g.id === Number(req.params.id));
      if (!req.header['Idempotency-Key']) return err(400, 'idempotency_key_required', '缺少幂等键');
      if (gift.stock + req.data.delta < 0) return err(409, 'stock_negative', '库存不能小于 0');
      gift.stock += req.data.delta;
      return { status: 201, body: gift };
    }],
    ['GET', '/api/v1/stations/{id}/highlights', (req) => ({ status: 200, body: pageOf(state.highlights.filter((h) => h.status === (req.query.status || h.status))) })],
    ['POST', '/api/v1/highlights/{id}/moderate', (req) => {
      const h = state.highlights.find((x) => x.id === Number(req.params.id));
      if (req.data.action === 'approve' && h.image_check === 'risky') return err(409, 'highlight_refused', '图片未通过内容检测，不能公开');
      h.status = req.data.action === 'approve' ? 'visible' : 'hidden';
      return { status: 200, body: h };
    }],
    ['GET', '/api/v1/me/subscriptions', () => ({ status: 200, body: { templates: { help_progress: 'tmpl-help' }, remaining: {} } })],
    ['POST', '/api/v1/me/subscriptions', (req) => ({ status: 200, body: { templates: { help_progress: 'tmpl-help' }, remaining: Object.fromEntries(req.data.template_keys.map((k) => [k, 1])) } })],
  ];

  // The server's answer checks (app/surveys/questionnaire.py): shapes are a 422, a missing
  // required answer only flags the response.
  function answersProblem(survey, answers) {
    if (!answers || typeof answers !== 'object' || Array.isArray(answers)) return err(422, 'validation_error', 'answers is an object of question id to answer.', { fields: { answers: ['Must be an object.'] } });
    const byId = Object.fromEntries(survey.questionnaire.questions.map((q) => [q.id, q]));
    const problems = {};
    Object.entries(answers).forEach(([qid, value]) => {
      const q = byId[qid];
      const options = q ? (q.options || []).map((o) => o.value) : [];
      if (!q) problems[qid] = ['No such question.'];
      else if (q.type === 'single' && !(typeof value === 'string' && options.includes(value))) problems[qid] = ['Choose one of the options.'];
      else if (q.type === 'multiple' && !(Array.isArray(value) && value.every((v) => options.includes(v)) && new Set(value).size === value.length)) problems[qid] = ['Choose a list of distinct options.'];
      else if (q.type === 'matrix' && !(value && typeof value === 'object' && !Array.isArray(value) && Object.entries(value).every(([row, v]) => q.rows.some((r) => r.value === row) && options.includes(v)))) problems[qid] = ['Give {row: option} for rows of this matrix.'];
      else if (q.type === 'text' && !(typeof value === 'string' && value.length <= (q.max_length || 1000))) problems[qid] = ['Give text of at most 1000 characters.'];
    });
    return Object.keys(problems).length ? err(422, 'answers_invalid', 'Some answers are not valid.', { fields: { answers: problems } }) : null;
  }

  function surveyMissing(survey, answers) {
    const shown = new Set();
    const missing = [];
    survey.questionnaire.questions.forEach((q) => {
      if (q.show_if) {
        const given = shown.has(q.show_if.question) ? answers[q.show_if.question] : undefined;
        if (![].concat(given).some((v) => q.show_if.in.includes(v))) return;
      }
      shown.add(q.id);
      const v = answers[q.id];
      const answered = v !== undefined && (q.type === 'text' ? v.trim() !== '' : q.type === 'matrix' ? Object.keys(v).length === q.rows.length : q.type === 'multiple' ? v.length > 0 : true);
      if (q.required && !answered) missing.push(q.id);
    });
    return missing;
  }

  function review(list, req, status) {
    const item = list.find((x) => x.id === Number(req.params.id));
    if (!item) return err(404, 'not_found', '记录不存在');
    if (item.status !== 'pending' && item.status !== 'pending_pickup') return err(409, 'already_reviewed', '该记录已处理');
    item.status = status;
    if (req.data && req.data.reason) item.reason = req.data.reason;
    return { status: 200, body: item };
  }

  /** Like the server: check-in and check-out need the scene of that activity's code. */
  function onSite(req) {
    const scene = req.data && req.data.scene;
    if (!scene) return err(422, 'validation_error', '请扫描活动现场的签到码', { fields: { scene: ['Missing data for required field.'] } });
    const entrance = state.entrances[scene];
    if (!entrance || entrance.kind !== 'activity' || entrance.target_id !== Number(req.params.id)) {
      return err(400, 'scene_mismatch', '这不是本活动的签到码');
    }
    return null;
  }

  function attend(req, status) {
    const activity = state.activities.find((a) => a.id === Number(req.params.id));
    if (!activity) return err(404, 'activity_not_found', '活动不存在');
    activity.my_status = status;
    return { status: 200, body: { activity_id: activity.id, status, checked_in_at: '2026-11-22T06:05:00Z' } };
  }

  function match(template, path) {
    const names = [];
    const re = new RegExp(`^${template.replace(/\{(\w+)\}/g, (w, n) => { names.push(n); return '([^/]+)'; })}$`);
    const m = re.exec(path);
    if (!m) return null;
    const params = {};
    names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
    return params;
  }

  function handle(options) {
    const url = new URL(options.url);
    const method = (options.method || 'GET').toUpperCase();
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams.entries());
    const header = options.header || {};
    const req = { method, path, query, header, data: options.data || {}, url: options.url, filePath: options.filePath };
    requests.push(req);
    if (`${url.protocol}//${url.host}` !== BASE) return { statusCode: 404, data: 'wrong host' };
    for (const [m, template, handler, opts = {}] of [...overrides, ...routes]) {
      if (m !== method) continue;
      const params = match(template, path);
      if (!params) continue;
      req.params = params;
      let user = null;
      if (opts.auth !== false) {
        user = userOf(req);
        if (!user) return { statusCode: 401, data: { error: { code: 'unauthorized', message: '请先登录', details: {} } } };
      }
      const answer = handler(req, user);
      if (answer.fail) return answer;
      return { statusCode: answer.status, data: answer.body };
    }
    return { statusCode: 404, data: { error: { code: 'not_found', message: '接口不存在', details: { path } } } };
  }

  return {
    state,
    requests,
    handle,
    on(method, template, handler, opts) { overrides.unshift([method, template, handler, opts]); },
    last(method, path) { return requests.filter((r) => r.method === method && (!path || r.path === path)).pop(); },
  };
}

module.exports = { createBackend, BASE };

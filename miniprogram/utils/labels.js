// Chinese labels for the server's status and kind codes.
const STATUS = {
  pending: '待审核', approved: '已通过', rejected: '已驳回', verified: '已核验',
  active: '进行中', closed: '已结束', cancelled: '已取消', expired: '已过期',
  reserved: '待领取', pending_pickup: '待领取', fulfilled: '已领取', queued: '排队中', running: '运行中',
  succeeded: '已完成', failed: '失败', signed_up: '已报名', checked_in: '已签到', checked_out: '已签退',
  // Statuses of the real API's other domains (help requests, qualifications, attempts, highlights).
  draft: '草稿', submitted: '已提交', accepted: '已受理', referred: '已转交', returned: '已退回',
  revoked: '已撤销', withdrawn: '已撤回', open: '进行中', declined: '未采纳', resolved: '已更正',
  visible: '已展示', held: '审核中', hidden: '已隐藏', refused: '未通过',
};

const STATION_KIND = { service_station: '服务站', station: '服务站', education_base: '教育基地', sub_station: '分站' };

const QUALIFICATION_KIND = { lecturer: '公益讲师', publicist: '公益宣传员' };

const SETTLEMENT_KIND = {
  service_hours: '服务时长兑换宝盾', campaign_close: '问答活动结算', redemption_expiry: '过期兑换退还',
  survey_subsidy: '调查宣传补贴', reconcile: '账目核对',
};

const QUESTION_KIND = { single: '单选题', multiple: '多选题', true_false: '判断题' };

const label = (table, key) => (key && table[key]) || key || '';

module.exports = { STATUS, STATION_KIND, QUALIFICATION_KIND, SETTLEMENT_KIND, QUESTION_KIND, label };

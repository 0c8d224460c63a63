// How a help case's categories, statuses and steps read to people (reporter and handlers).
const CATEGORY_TEXT = {
  fraud: '电信网络诈骗', harmful_information: '有害信息', personal_information_leak: '个人信息泄露',
  cyber_bullying: '网络暴力', other: '其他',
};
const HELP_STATUS = { submitted: '待受理', accepted: '处理中', referred: '已转交', closed: '已办结' };
const REFER_TEXT = { police: '公安机关', cac_office: '网信部门', other: '其他单位' };

/** One history row as a sentence: "已提交", "服务站已受理", "已转交公安机关", "已办结". */
function stepText(step, request) {
  switch (step.action) {
    case 'submitted': return '已提交求助';
    case 'accepted': return '服务站已受理';
    case 'referred': return `已转交${REFER_TEXT[request.referred_to] || '相关部门'}`;
    case 'closed': return '已办结';
    case 'assigned': return '已分派至服务站';
    default: return step.to_status ? (HELP_STATUS[step.to_status] || step.to_status) : step.action;
  }
}

module.exports = { CATEGORY_TEXT, HELP_STATUS, REFER_TEXT, stepText };

// What the console login confirm page shows about who logs in and from where.
const ROLE_LABELS = {
  union_admin: '网安联管理员',
  association_admin: '协会管理员',
  station_admin: '服务站管理员',
};

/** The admin roles of a profile, as people read them ('协会管理员、服务站管理员'). */
function roleLabel(me) {
  const names = ((me && me.roles) || []).map((r) => (typeof r === 'string' ? r : r && r.role));
  const labels = Object.keys(ROLE_LABELS).filter((role) => names.includes(role)).map((role) => ROLE_LABELS[role]);
  return labels.length ? labels.join('、') : '普通用户（非管理员）';
}

/** A readable browser and system from a User-Agent: 'Chrome 120 · Windows'. */
function describeBrowser(agent) {
  const ua = String(agent || '');
  if (!ua) return '未知浏览器';
  const browsers = [
    ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/], ['微信', /MicroMessenger\/(\d+)/], ['360', /QIHU|360SE/],
    ['Firefox', /Firefox\/(\d+)/], ['Chrome', /Chrome\/(\d+)/], ['Safari', /Version\/(\d+).*Safari/],
  ];
  const found = browsers.find(([, re]) => re.test(ua));
  const name = found ? `${found[0]}${(ua.match(found[1]) || [])[1] ? ` ${ua.match(found[1])[1]}` : ''}` : '其他浏览器';
  const systems = [['Windows', /Windows/], ['macOS', /Mac OS X|Macintosh/], ['Android', /Android/], ['iOS', /iPhone|iPad/], ['Linux', /Linux/]];
  const system = systems.find(([, re]) => re.test(ua));
  return system ? `${name} · ${system[0]}` : name;
}

module.exports = { roleLabel, describeBrowser };

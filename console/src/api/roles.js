// What the viewer may see, from GET /api/v1/me's roles (the API enforces it; the menu follows).
export const ROLE_LABELS = {
  union_admin: '联盟管理员',
  association_admin: '协会管理员',
  station_admin: '服务站管理员',
  volunteer: '志愿者',
  resident: '居民',
};

export function scopeOf(me) {
  const roles = (me && me.roles) || [];
  const union = roles.some((r) => r.role === 'union_admin');
  const associations = roles.filter((r) => r.role === 'association_admin').map((r) => r.association_id);
  const stations = roles.filter((r) => r.role === 'station_admin').map((r) => r.station_id);
  return {
    union,
    associations,
    stations,
    isAdmin: union || associations.length > 0 || stations.length > 0,
    level: union ? 'union' : associations.length ? 'association' : stations.length ? 'station' : 'none',
  };
}

export function roleLabel(me) {
  const level = scopeOf(me).level;
  return { union: '联盟管理员', association: '协会管理员', station: '服务站管理员', none: '无管理权限' }[level];
}

/** Menu entries by minimum level. */
export const LEVEL_RANK = { none: 0, station: 1, association: 2, union: 3 };
export function allowed(me, minLevel) {
  return LEVEL_RANK[scopeOf(me).level] >= LEVEL_RANK[minLevel];
}

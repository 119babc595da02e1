// Hash routing: #/today, #/people, #/people/ID, #/people/ID/liberation (the person's page, at its
// Liberation section), #/groups, #/groups/ID, #/sessions/ID/register, #/sessions/ID/log, #/awards,
// #/awards/verify, #/reports, #/clearances, #/services (community services), #/waiting (programmes'
// waiting lists), #/import (spreadsheets),
// #/account (my password), #/admin/users (#/admin), #/admin/audit, #/admin/backups,
// #/admin/retention, #/admin/team, #/admin/establishments.

export type Route =
  | { name: 'today' }
  | { name: 'people' }
  | { name: 'person'; id: string; section?: 'liberation' }
  | { name: 'groups' }
  | { name: 'group'; id: string }
  | { name: 'register'; id: string }
  | { name: 'session-log'; id: string }
  | { name: 'awards' }
  | { name: 'verify-award' }
  | { name: 'reports' }
  | { name: 'clearances' }
  | { name: 'services' }
  | { name: 'waiting-lists' }
  | { name: 'import' }
  | { name: 'account' }
  | { name: 'admin-users' }
  | { name: 'admin-audit' }
  | { name: 'admin-backups' }
  | { name: 'admin-retention' }
  | { name: 'admin-team' }
  | { name: 'admin-establishments' }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/today';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, id, third] = parts;
  if (first === 'today' && parts.length === 1) return { name: 'today' };
  if (first === 'people' && parts.length === 1) return { name: 'people' };
  if (first === 'people' && parts.length === 2) return { name: 'person', id };
  if (first === 'people' && parts.length === 3 && third === 'liberation') return { name: 'person', id, section: 'liberation' };
  if (first === 'groups' && parts.length === 1) return { name: 'groups' };
  if (first === 'groups' && parts.length === 2) return { name: 'group', id };
  if (first === 'sessions' && parts.length === 3 && third === 'register') return { name: 'register', id };
  if (first === 'sessions' && parts.length === 3 && third === 'log') return { name: 'session-log', id };
  if (first === 'awards' && parts.length === 1) return { name: 'awards' };
  if (first === 'awards' && parts.length === 2 && id === 'verify') return { name: 'verify-award' };
  if (first === 'reports' && parts.length === 1) return { name: 'reports' };
  if (first === 'clearances' && parts.length === 1) return { name: 'clearances' };
  if (first === 'services' && parts.length === 1) return { name: 'services' };
  if (first === 'waiting' && parts.length === 1) return { name: 'waiting-lists' };
  if (first === 'import' && parts.length === 1) return { name: 'import' };
  if (first === 'account' && parts.length === 1) return { name: 'account' };
  if (first === 'admin' && parts.length === 1) return { name: 'admin-users' };
  if (first === 'admin' && parts.length === 2 && id === 'users') return { name: 'admin-users' };
  if (first === 'admin' && parts.length === 2 && id === 'audit') return { name: 'admin-audit' };
  if (first === 'admin' && parts.length === 2 && id === 'backups') return { name: 'admin-backups' };
  if (first === 'admin' && parts.length === 2 && id === 'retention') return { name: 'admin-retention' };
  if (first === 'admin' && parts.length === 2 && id === 'team') return { name: 'admin-team' };
  if (first === 'admin' && parts.length === 2 && id === 'establishments') return { name: 'admin-establishments' };
  return { name: 'not-found', path };
}

export const href = {
  today: () => '#/today',
  people: () => '#/people',
  person: (id: string) => `#/people/${encodeURIComponent(id)}`,
  /** The person's page, scrolled to its Liberation section. */
  liberation: (id: string) => `#/people/${encodeURIComponent(id)}/liberation`,
  groups: () => '#/groups',
  group: (id: string) => `#/groups/${encodeURIComponent(id)}`,
  register: (id: string) => `#/sessions/${encodeURIComponent(id)}/register`,
  sessionLog: (id: string) => `#/sessions/${encodeURIComponent(id)}/log`,
  awards: () => '#/awards',
  verifyAward: () => '#/awards/verify',
  reports: () => '#/reports',
  clearances: () => '#/clearances',
  services: () => '#/services',
  waitingLists: () => '#/waiting',
  import: () => '#/import',
  account: () => '#/account',
  adminUsers: () => '#/admin/users',
  adminAudit: () => '#/admin/audit',
  adminBackups: () => '#/admin/backups',
  adminRetention: () => '#/admin/retention',
  adminTeam: () => '#/admin/team',
  adminEstablishments: () => '#/admin/establishments',
};

class Router {
  route: Route = $state(parseRoute(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.route = parseRoute(location.hash);
      });
    }
  }

  go(hash: string) {
    if (location.hash === hash) this.route = parseRoute(hash);
    else location.hash = hash;
  }
}

export const router = new Router();

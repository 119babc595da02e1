import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './router.svelte';

describe('parseRoute', () => {
  it('reads every screen', () => {
    expect(parseRoute('')).toEqual({ name: 'today' });
    expect(parseRoute('#/today')).toEqual({ name: 'today' });
    expect(parseRoute('#/people')).toEqual({ name: 'people' });
    expect(parseRoute('#/people/p1')).toEqual({ name: 'person', id: 'p1' });
    expect(parseRoute('#/people/p1/liberation')).toEqual({ name: 'person', id: 'p1', section: 'liberation' });
    expect(parseRoute('#/services')).toEqual({ name: 'services' });
    expect(parseRoute('#/waiting')).toEqual({ name: 'waiting-lists' });
    expect(parseRoute('#/groups/')).toEqual({ name: 'groups' });
    expect(parseRoute('#/groups/g1')).toEqual({ name: 'group', id: 'g1' });
    expect(parseRoute('#/sessions/s1/register')).toEqual({ name: 'register', id: 's1' });
    expect(parseRoute('#/sessions/s1/log')).toEqual({ name: 'session-log', id: 's1' });
    expect(parseRoute('#/awards')).toEqual({ name: 'awards' });
    expect(parseRoute('#/awards/verify')).toEqual({ name: 'verify-award' });
    expect(parseRoute('#/reports')).toEqual({ name: 'reports' });
    expect(parseRoute('#/reports/')).toEqual({ name: 'reports' });
    expect(parseRoute('#/clearances')).toEqual({ name: 'clearances' });
    expect(parseRoute('#/clearances/')).toEqual({ name: 'clearances' });
    expect(parseRoute('#/account')).toEqual({ name: 'account' });
    expect(parseRoute('#/admin')).toEqual({ name: 'admin-users' });
    expect(parseRoute('#/admin/users')).toEqual({ name: 'admin-users' });
    expect(parseRoute('#/admin/audit')).toEqual({ name: 'admin-audit' });
    expect(parseRoute('#/admin/backups/')).toEqual({ name: 'admin-backups' });
    expect(parseRoute('#/admin/retention')).toEqual({ name: 'admin-retention' });
  });

  it('knows when there is nothing there', () => {
    expect(parseRoute('#/awards/other')).toEqual({ name: 'not-found', path: '/awards/other' });
    expect(parseRoute('#/awards/verify/1')).toEqual({ name: 'not-found', path: '/awards/verify/1' });
    expect(parseRoute('#/reports/2026-10')).toEqual({ name: 'not-found', path: '/reports/2026-10' });
    expect(parseRoute('#/clearances/c1')).toEqual({ name: 'not-found', path: '/clearances/c1' });
    expect(parseRoute('#/clearance')).toEqual({ name: 'not-found', path: '/clearance' });
    expect(parseRoute('#/people/p1/other')).toEqual({ name: 'not-found', path: '/people/p1/other' });
    expect(parseRoute('#/services/s1')).toEqual({ name: 'not-found', path: '/services/s1' });
    expect(parseRoute('#/account/x')).toEqual({ name: 'not-found', path: '/account/x' });
    expect(parseRoute('#/admin/settings')).toEqual({ name: 'not-found', path: '/admin/settings' });
    expect(parseRoute('#/admin/users/u1')).toEqual({ name: 'not-found', path: '/admin/users/u1' });
  });

  it('round-trips the links it makes', () => {
    expect(parseRoute(href.awards())).toEqual({ name: 'awards' });
    expect(parseRoute(href.verifyAward())).toEqual({ name: 'verify-award' });
    expect(parseRoute(href.reports())).toEqual({ name: 'reports' });
    expect(href.clearances()).toBe('#/clearances');
    expect(parseRoute(href.clearances())).toEqual({ name: 'clearances' });
    expect(parseRoute(href.group('a b'))).toEqual({ name: 'group', id: 'a b' });
    expect(parseRoute(href.liberation('p 1'))).toEqual({ name: 'person', id: 'p 1', section: 'liberation' });
    expect(parseRoute(href.services())).toEqual({ name: 'services' });
    expect(parseRoute(href.waitingLists())).toEqual({ name: 'waiting-lists' });
    expect(parseRoute(href.account())).toEqual({ name: 'account' });
    expect(parseRoute(href.adminUsers())).toEqual({ name: 'admin-users' });
    expect(parseRoute(href.adminAudit())).toEqual({ name: 'admin-audit' });
    expect(parseRoute(href.adminBackups())).toEqual({ name: 'admin-backups' });
    expect(href.adminRetention()).toBe('#/admin/retention');
    expect(parseRoute(href.adminRetention())).toEqual({ name: 'admin-retention' });
  });
});

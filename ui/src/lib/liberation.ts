// Liberation and community referrals: the wording the person's Liberation section, Today and the
// Services screen use, and reading the service form. The core keeps the rules (consent before
// sharing, the countdown's dates, continuity of care); these only say what it answered.
import { listInWords, referralStatusLabels, showDate } from './format';
import type {
  CommunityService, Consent, Outcome, Referral, ReferralStatus, ServiceDetails, ServiceKind, TaskDue,
} from './wire';

/** The kinds in the order the forms offer them (`ServiceKind::ALL`, `MeetingKind::ALL`, generated). */
export { meetingKinds as MEETING_KINDS, serviceKinds as SERVICE_KINDS } from './wire';

/**
 * Whether a service serves the person's home area: the core sends both as keys, case, accents
 * and spacing aside (`CommunityService::area_key`, `LiberationPlan::home_area_key`).
 */
export function servesArea(s: Pick<CommunityService, 'area_key'>, homeAreaKey: string | null | undefined): boolean {
  return !!homeAreaKey && s.area_key === homeAreaKey;
}

/** Services split into those in the home area (offered first) and the rest, each as given. */
export function byHomeArea<T extends Pick<CommunityService, 'area_key'>>(services: T[], homeAreaKey: string | null | undefined): { near: T[]; elsewhere: T[] } {
  const near = services.filter((s) => servesArea(s, homeAreaKey));
  const elsewhere = services.filter((s) => !servesArea(s, homeAreaKey));
  return { near, elsewhere };
}

/** The directory's areas, each once by key (as first spelled), in the core's order (area then name). */
export function areasOf(services: Pick<CommunityService, 'area' | 'area_key'>[]): { key: string; area: string }[] {
  const seen = new Map<string, string>();
  for (const s of services) if (!seen.has(s.area_key)) seen.set(s.area_key, s.area);
  return [...seen].map(([key, area]) => ({ key, area }));
}

/** "Recovery café Dundee (Dundee)": a service in an option or a list. */
export function serviceLabel(s: Pick<CommunityService, 'name' | 'area'>): string {
  return `${s.name} (${s.area})`;
}

/** What the status badge looks like: engaged is good news, declined or lost is not. */
export function statusBadge(status: ReferralStatus): string {
  if (status === 'engaged') return 'held';
  if (status === 'declined' || status === 'lost_contact') return 'cancelled';
  return 'planned';
}

/** "Referred 01/11/2026, Accepted 05/11/2026, Engaged 20/11/2026" */
export function describeSteps(r: Pick<Referral, 'steps'>): string {
  return r.steps.map((s) => `${referralStatusLabels[s.status]} ${showDate(s.on)}`).join(', ');
}

/** The names of the services a consent covers, from the directory ("an unknown service" if gone). */
export function consentServices(c: Pick<Consent, 'services'>, directory: CommunityService[]): string {
  const names = c.services.map((id) => directory.find((s) => s.id === id)?.name ?? 'a service no longer listed');
  return listInWords(names);
}

/**
 * Continuity of care three weeks on, as a sentence: "Engaged on 12/11/2026, within the 3 weeks",
 * "Still within the 3 weeks, until 23/11/2026", "Not engaged: the 3 weeks ended 23/11/2026".
 */
export function describeOutcome(o: Outcome): string {
  switch (o.outcome) {
    case 'engaged':
      return `Engaged on ${showDate(o.on)}, within the 3 weeks`;
    case 'open':
      return `Still within the 3 weeks, until ${showDate(o.until)}`;
    case 'not_engaged':
      return `Not engaged: the 3 weeks ended ${showDate(o.ended)}`;
  }
}

/** The badge for an outcome. */
export function outcomeBadge(o: Outcome): string {
  if (o.outcome === 'engaged') return 'held';
  if (o.outcome === 'not_engaged') return 'cancelled';
  return 'planned';
}

/** A task whose due date has passed. */
export function isOverdue(t: Pick<TaskDue, 'days_left'>): boolean {
  return Number(t.days_left) < 0;
}

/** The service form as typed. */
export type ServiceDraft = {
  name: string;
  kind: ServiceKind | '';
  area: string;
  address: string;
  phone: string;
  email: string;
  website: string;
  meetingTimes: string;
  notes: string;
  /** "No longer running" ticked: `active` false. */
  stopped: boolean;
};

export function emptyServiceDraft(): ServiceDraft {
  return { name: '', kind: '', area: '', address: '', phone: '', email: '', website: '', meetingTimes: '', notes: '', stopped: false };
}

export function serviceDraftOf(s: CommunityService): ServiceDraft {
  return {
    name: s.name,
    kind: s.kind,
    area: s.area,
    address: s.address ?? '',
    phone: s.phone ?? '',
    email: s.email ?? '',
    website: s.website ?? '',
    meetingTimes: s.meeting_times ?? '',
    notes: s.notes ?? '',
    stopped: !s.active,
  };
}

const optional = (s: string) => (s.trim() === '' ? null : s.trim());

/** The form for the wire: empty text is none; a kind not chosen is left for the core to name. */
export function readServiceDraft(d: ServiceDraft): ServiceDetails {
  return {
    name: d.name,
    kind: d.kind === '' ? null : d.kind,
    area: d.area,
    address: optional(d.address),
    phone: optional(d.phone),
    email: optional(d.email),
    website: optional(d.website),
    meeting_times: optional(d.meetingTimes),
    notes: optional(d.notes),
    active: !d.stopped,
  };
}

// The community services directory against a stubbed backend: grouped by area, add and change,
// and the import through the one import preview: no establishment asked for, every problem by
// row and column, nothing imported with any, the directory read again after an import.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommunityService, ImportPreview, SheetFile } from '../lib/wire';

const api = vi.hoisted(() => ({
  services: vi.fn(),
  addService: vi.fn(),
  editService: vi.fn(),
  importSheet: vi.fn(),
  saveImportTemplate: vi.fn(),
}));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api));

import { ApiError } from '../lib/api';
import { app } from '../lib/session.svelte';
import Services from './Services.svelte';
import { PER, noAxeViolations } from '../test/screens';


function service(id: string, name: string, area: string, over: Partial<CommunityService> = {}): CommunityService {
  return {
    id, name, kind: 'recovery_hub', area, address: null, phone: null, email: null, website: null, meeting_times: null, notes: null,
    // The core's key for these plain (unaccented, single-spaced) areas is their lower case.
    active: true, area_key: area.toLowerCase(), ...over,
  };
}

const HUB = service('s1', 'Dundee Recovery Hub', 'Dundee', { address: '1 High Street\nDundee DD1 1AA', phone: '01382 000000', email: 'hub@example.org' });
const CAFE = service('s2', 'The Hope Café', 'Dundee', { kind: 'recovery_cafe', meeting_times: 'Tuesdays 7–8.30pm' });
const OLD = service('s4', 'Old Hub', 'Dundee', { active: false });
const PERTH = service('s3', 'Perth Lived Experience', 'Perth and Kinross', { kind: 'lived_experience', website: 'example.org/perth' });

function type(el: HTMLElement, value: string) {
  return fireEvent.input(el, { target: { value } });
}

function file(over: Partial<ImportPreview> = {}): SheetFile {
  const preview: ImportPreview = {
    kind: 'services',
    columns: [
      { letter: 'A', header: 'Name', field: 'name', samples: ['Tay Recovery Hub'] },
      { letter: 'B', header: 'Kind', field: 'kind', samples: ['Recovery hub'] },
      { letter: 'C', header: 'Area', field: 'area', samples: ['Dundee'] },
      { letter: 'D', header: 'Email', field: 'email', samples: ['hub@example.org'] },
    ],
    fields: [
      { key: 'name', label: 'Service name', required: true },
      { key: 'kind', label: 'Kind of service', required: true },
      { key: 'area', label: 'Area', required: true },
      { key: 'email', label: 'Email', required: false },
    ],
    missing: [], rows: 9, added: 3, updated: 1, unchanged: 5, changes: [], problems: [], notes: [], saved: false, ...over,
  };
  return { file: 'chosen-1', name: 'services.csv', preview };
}

beforeEach(() => {
  Object.values(api).forEach((f) => f.mockReset());
  app.establishments = [PER];
  app.establishment = PER;
  app.today = '2026-11-16';
  api.services.mockResolvedValue([HUB, CAFE, OLD, PERTH]);
});

afterEach(() => cleanup());

describe('the Services screen', () => {
  it('shows the directory by area, those no longer running only when asked', async () => {
    const { container } = render(Services);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Community services');
    await waitFor(() => expect(screen.getAllByTestId('service-row')).toHaveLength(3));
    expect(api.services).toHaveBeenCalledWith(null, true);
    expect(screen.getAllByTestId('service-area').map((a) => a.dataset.area)).toEqual(['Dundee', 'Perth and Kinross']);
    const [hub, cafe, perth] = screen.getAllByTestId('service-row');
    expect(hub.textContent).toMatch('Recovery hub');
    expect(hub.textContent).toMatch('01382 000000');
    expect(hub.textContent).toMatch('hub@example.org');
    expect(cafe.textContent).toMatch('Recovery café');
    expect(cafe.textContent).toMatch('Tuesdays 7–8.30pm');
    expect(perth.textContent).toMatch('Lived-experience recovery organisation');

    await fireEvent.click(screen.getByLabelText(/Show services no longer running/));
    expect(screen.getAllByTestId('service-row').map((r) => [r.dataset.serviceId, r.dataset.active])).toEqual([
      ['s1', 'yes'], ['s2', 'yes'], ['s4', 'no'], ['s3', 'yes'],
    ]);
    expect(screen.getAllByTestId('service-row')[2].textContent).toMatch('No longer running');

    await fireEvent.change(screen.getByLabelText('Area'), { target: { value: 'perth and kinross' } });
    expect(screen.getAllByTestId('service-row').map((r) => r.dataset.serviceId)).toEqual(['s3']);
    await noAxeViolations(container);
  });

  it('adds a service, with every field and the kinds in words', async () => {
    const { container } = render(Services);
    await screen.findAllByTestId('service-row');
    await fireEvent.click(screen.getByTestId('new-service'));
    const form = await screen.findByTestId('new-service-form');
    expect(document.activeElement).toBe(within(form).getByLabelText('Name'));
    const kind = within(form).getByLabelText<HTMLSelectElement>('Kind of service');
    expect([...kind.options].map((o) => o.textContent)).toEqual([
      'Choose…', 'Recovery hub', 'Lived-experience recovery organisation', 'Recovery café', 'Mutual-aid meeting', 'Residential rehabilitation', 'Other',
    ]);
    for (const label of ['Area', 'Phone (optional)', 'Email (optional)', 'Website (optional)', 'Address (optional)', 'Meeting or opening times (optional)', 'Notes (optional)', 'No longer running']) {
      expect(within(form).getByLabelText(label)).toBeTruthy();
    }
    await noAxeViolations(container);

    api.addService.mockRejectedValue(new ApiError('invalid', 'kind: is not chosen; one of: recovery_hub, lived_experience'));
    await type(within(form).getByLabelText('Name'), 'Angus SMART');
    await type(within(form).getByLabelText('Area'), 'Angus');
    await fireEvent.click(within(form).getByTestId('new-service-save'));
    await waitFor(() => expect(screen.getByTestId('new-service-error').textContent).toBe('kind: is not chosen; one of: recovery_hub, lived_experience'));

    const made = service('s5', 'Angus SMART', 'Angus', { kind: 'mutual_aid', meeting_times: 'Thursdays 6pm' });
    api.addService.mockResolvedValue(made);
    api.services.mockResolvedValue([made, HUB, CAFE, OLD, PERTH]);
    await fireEvent.change(kind, { target: { value: 'mutual_aid' } });
    await type(within(form).getByLabelText('Meeting or opening times (optional)'), 'Thursdays 6pm');
    await fireEvent.click(within(form).getByTestId('new-service-save'));
    expect(api.addService).toHaveBeenLastCalledWith({
      name: 'Angus SMART', kind: 'mutual_aid', area: 'Angus', address: null, phone: null, email: null, website: null, meeting_times: 'Thursdays 6pm',
      notes: null, active: true,
    });
    await waitFor(() => expect(screen.getByTestId('service-done').textContent).toBe('Added Angus SMART (Angus).'));
    expect(screen.queryByTestId('new-service-form')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('edit-service-s5')));
  });

  it('marks a service as no longer running', async () => {
    render(Services);
    await fireEvent.click(await screen.findByTestId('edit-service-s2'));
    const form = await screen.findByTestId('edit-service-form');
    expect(within(form).getByLabelText<HTMLInputElement>('Name').value).toBe('The Hope Café');
    expect(within(form).getByLabelText<HTMLSelectElement>('Kind of service').value).toBe('recovery_cafe');
    expect(within(form).getByLabelText<HTMLTextAreaElement>('Meeting or opening times (optional)').value).toBe('Tuesdays 7–8.30pm');
    api.editService.mockResolvedValue({ ...CAFE, active: false });
    api.services.mockResolvedValue([HUB, { ...CAFE, active: false }, OLD, PERTH]);
    await fireEvent.click(within(form).getByLabelText('No longer running'));
    await fireEvent.click(within(form).getByTestId('edit-service-save'));
    expect(api.editService).toHaveBeenCalledWith('s2', expect.objectContaining({ name: 'The Hope Café', kind: 'recovery_cafe', active: false }));
    await waitFor(() => expect(screen.getByTestId('service-done').textContent).toMatch('no longer running'));

    // Escape closes a form without saving.
    await fireEvent.click(screen.getByTestId('edit-service-s1'));
    const again = await screen.findByTestId('edit-service-form');
    await fireEvent.keyDown(within(again).getByLabelText('Name'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('edit-service-form')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('edit-service-s1'));
  });
});

describe('importing services from a spreadsheet', () => {
  it('shows every problem by row and column, and will not import', async () => {
    const { container } = render(Services);
    await screen.findAllByTestId('service-row');
    // The one import, offering services only: no choice of kind, the core's hint instead.
    expect(screen.queryByTestId('import-kind-people')).toBeNull();
    expect(screen.getByRole('heading', { name: '1. Import community services from a spreadsheet' })).toBeTruthy();
    api.importSheet.mockResolvedValue(file({
      added: 2, updated: 0, unchanged: 1,
      problems: [
        { row: 3, column: "'Kind' (B)", problem: "'drop-in' is not one of: Recovery hub, Recovery café" },
        { row: 7, column: "'Email' (D)", problem: "'hub at example.org' is not an email address" },
      ],
    }));
    await fireEvent.click(screen.getByTestId('import-services'));
    // Services belong to no establishment: none is sent.
    expect(api.importSheet).toHaveBeenCalledWith(null, 'services', null, null, false);

    const preview = await screen.findByTestId('import-preview');
    expect(within(preview).getByTestId('import-preview-heading').textContent).toBe('2. Check services.csv');
    expect(within(preview).getByTestId('import-counts').textContent).toMatch('2 to add, 0 to update and 1 unchanged');
    const problems = within(preview).getAllByTestId('import-problem');
    expect([...problems[1].querySelectorAll('td')].map((c) => c.textContent)).toEqual(['7', "'Email' (D)", "'hub at example.org' is not an email address"]);
    expect(problems.map((p) => p.querySelector('td')?.textContent)).toEqual(['3', '7']);
    const confirm = within(preview).getByTestId<HTMLButtonElement>('import-run');
    expect(confirm.disabled).toBe(true);
    await fireEvent.click(confirm);
    expect(api.importSheet).toHaveBeenCalledTimes(1);
    await noAxeViolations(container);

    // Put right and checked again: the same file, and now it can be imported.
    api.importSheet.mockResolvedValue(file({ added: 3, updated: 0, unchanged: 1 }));
    await fireEvent.click(within(preview).getByTestId('import-recheck'));
    expect(api.importSheet).toHaveBeenLastCalledWith('chosen-1', 'services', null, ['name', 'kind', 'area', 'email'], false);
    await waitFor(() => expect(screen.queryByTestId('import-problems')).toBeNull());
    expect(screen.getByTestId('import-counts').textContent).toMatch('3 to add, 0 to update and 1 unchanged');
    expect(screen.getByTestId<HTMLButtonElement>('import-run').disabled).toBe(false);
  });

  it('imports the file checked, after the preview, and reads the directory again', async () => {
    render(Services);
    await screen.findAllByTestId('service-row');
    api.importSheet.mockResolvedValueOnce(file());
    await fireEvent.click(screen.getByTestId('import-services'));
    const preview = await screen.findByTestId('import-preview');
    expect(within(preview).getByTestId('import-counts').textContent).toMatch('3 to add');

    api.importSheet.mockResolvedValueOnce(file({ saved: true }));
    await fireEvent.click(within(preview).getByTestId('import-run'));
    expect(api.importSheet).toHaveBeenLastCalledWith('chosen-1', 'services', null, ['name', 'kind', 'area', 'email'], true);
    await waitFor(() => expect(screen.getByTestId('import-done').textContent).toBe(
      'Imported services.csv: 3 added, 1 updated and 5 unchanged.',
    ));
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(api.services).toHaveBeenCalledTimes(2);
  });

  it('says nothing was saved when the file changed to have problems', async () => {
    render(Services);
    await screen.findAllByTestId('service-row');
    api.importSheet.mockResolvedValueOnce(file());
    await fireEvent.click(screen.getByTestId('import-services'));
    await screen.findByTestId('import-preview');
    api.importSheet.mockResolvedValueOnce(file({ problems: [{ row: 2, column: "'Name' (A)", problem: 'is empty' }] }));
    await fireEvent.click(screen.getByTestId('import-run'));
    await waitFor(() => expect(screen.getByTestId('import-error').textContent).toMatch('Nothing was saved: services.csv now has 1 problem.'));
    expect(screen.getAllByTestId('import-problem')).toHaveLength(1);
    expect(screen.getByTestId<HTMLButtonElement>('import-run').disabled).toBe(true);
    expect(api.services).toHaveBeenCalledTimes(1);
  });

  it('says so when no file was chosen, and shows a file the core cannot read', async () => {
    render(Services);
    await screen.findAllByTestId('service-row');
    api.importSheet.mockResolvedValueOnce(null);
    await fireEvent.click(screen.getByTestId('import-services'));
    await waitFor(() => expect(screen.getByTestId('import-done').textContent).toBe('Nothing was imported: no file was chosen.'));
    api.importSheet.mockRejectedValueOnce(new ApiError('invalid', "file: is not UTF-8 text (line 2); save it from the spreadsheet as 'CSV UTF-8'"));
    await fireEvent.click(screen.getByTestId('import-services'));
    await waitFor(() => expect(screen.getByTestId('import-error').textContent).toBe("file: is not UTF-8 text (line 2); save it from the spreadsheet as 'CSV UTF-8'"));
    expect(screen.queryByTestId('import-preview')).toBeNull();
  });
});

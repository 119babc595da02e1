// The Import screen against a stubbed backend: the kind, the file, which column is which (a
// change asks the core again), every problem by row and column with Import disabled, the changes
// to records already held, and the import itself.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportPreview, SheetFile } from '../lib/wire';

const api = vi.hoisted(() => ({
  importSheet: vi.fn(),
  saveImportTemplate: vi.fn(),
}));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api));

import { app } from '../lib/session.svelte';
import Import from './Import.svelte';
import { PER, noAxeViolations } from '../test/screens';


const FIELDS = [
  { key: 'prison_number', label: 'Prison number', required: false },
  { key: 'given_name', label: 'Given name', required: true },
  { key: 'family_name', label: 'Family name', required: true },
  { key: 'location', label: 'Hall or wing', required: false },
];

function preview(over: Partial<ImportPreview> = {}): ImportPreview {
  return {
    kind: 'people',
    columns: [
      { letter: 'A', header: 'Prison No', field: 'prison_number', samples: ['100234', '100987'] },
      { letter: 'B', header: 'Forename', field: 'given_name', samples: ['Siobhán', 'Łukasz'] },
      { letter: 'C', header: 'Surname', field: 'family_name', samples: ['Ó Súilleabháin', 'Żółć'] },
      { letter: 'D', header: 'Landing', field: null, samples: ['A Hall'] },
    ],
    fields: FIELDS,
    missing: [],
    rows: 2,
    added: 1,
    updated: 1,
    unchanged: 0,
    changes: [{ row: 3, record: '100987', changes: ['Hall or wing: B Hall → C Hall'] }],
    problems: [],
    notes: [],
    saved: false,
    ...over,
  };
}

function sheet(over: Partial<ImportPreview> = {}): SheetFile {
  return { file: 'chosen-1', name: 'people.csv', preview: preview(over) };
}

beforeEach(() => {
  Object.values(api).forEach((f) => f.mockReset());
  app.establishments = [PER];
  app.establishment = PER;
  app.today = '2026-11-16';
});

afterEach(() => cleanup());

describe('the Import screen', () => {
  it('previews a file, lets a column be mapped, and imports it', async () => {
    const { container } = render(Import);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Import from spreadsheets');
    await fireEvent.click(screen.getByTestId('import-kind-registers'));
    await fireEvent.click(screen.getByTestId('import-kind-people'));
    api.importSheet.mockResolvedValueOnce(sheet());
    await fireEvent.click(screen.getByTestId('import-choose'));
    expect(api.importSheet).toHaveBeenCalledWith(null, 'people', 'e1', null, false);
    await waitFor(() => expect(screen.getByTestId('import-preview-heading').textContent).toBe('2. Check people.csv'));
    expect(document.activeElement).toBe(screen.getByTestId('import-preview-heading'));
    expect(screen.getAllByTestId('import-column').map((r) => r.querySelector('th')?.textContent)).toEqual(['A: Prison No', 'B: Forename', 'C: Surname', 'D: Landing']);
    expect(screen.getByTestId('import-counts').textContent).toMatch('2 rows read: 1 to add, 1 to update and 0 unchanged');
    expect(screen.getByTestId('import-change').textContent).toMatch('Hall or wing: B Hall → C Hall');
    await noAxeViolations(container);

    // Column D holds the hall: the core is asked again with the new mapping.
    api.importSheet.mockResolvedValueOnce(sheet({ columns: preview().columns.map((c) => (c.letter === 'D' ? { ...c, field: 'location' } : c)) }));
    await fireEvent.change(screen.getByLabelText('What column D (Landing) holds'), { target: { value: 'location' } });
    expect(api.importSheet).toHaveBeenLastCalledWith('chosen-1', 'people', 'e1', ['prison_number', 'given_name', 'family_name', 'location'], false);

    api.importSheet.mockResolvedValueOnce(sheet({ saved: true }));
    await waitFor(() => expect((screen.getByTestId('import-run') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('import-run'));
    expect(api.importSheet).toHaveBeenLastCalledWith('chosen-1', 'people', 'e1', ['prison_number', 'given_name', 'family_name', 'location'], true);
    await waitFor(() => expect(screen.getByTestId('import-done').textContent).toBe('Imported people.csv: 1 added, 1 updated and 0 unchanged.'));
    expect(screen.queryByTestId('import-preview')).toBeNull();
  });

  it('lists every problem and will not import, nor with a needed column missing', async () => {
    render(Import);
    api.importSheet.mockResolvedValueOnce(sheet({
      problems: [
        { row: 2, column: "'Forename' (B)", problem: "'=HYPERLINK(…)' is a spreadsheet formula" },
        { row: 5, column: "'DOB' (D)", problem: "'31/02/1990' is not a real date: February 1990 has 28 days" },
      ],
    }));
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getAllByTestId('import-problem')).toHaveLength(2));
    expect(screen.getAllByTestId('import-problem')[1].textContent).toMatch('February 1990 has 28 days');
    expect(screen.getByText(/2 problems: nothing can be imported/)).toBeTruthy();
    expect((screen.getByTestId('import-run') as HTMLButtonElement).disabled).toBe(true);

    api.importSheet.mockResolvedValueOnce(sheet({ missing: ['Family name'], problems: [] }));
    await fireEvent.click(screen.getByTestId('import-recheck'));
    await waitFor(() => expect(screen.getByTestId('import-missing').textContent).toMatch('No column holds: Family name'));
    expect((screen.getByTestId('import-run') as HTMLButtonElement).disabled).toBe(true);
  });

  it('says so when the dialog is cancelled or the core refuses the file', async () => {
    render(Import);
    api.importSheet.mockResolvedValueOnce(null);
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-done').textContent).toMatch('no file was chosen'));
    const { ApiError } = await import('../lib/api');
    api.importSheet.mockRejectedValueOnce(new ApiError('invalid', "file: is not UTF-8 text (line 3); save it from the spreadsheet as 'CSV UTF-8'"));
    await fireEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-error').textContent).toMatch('CSV UTF-8'));
    api.saveImportTemplate.mockResolvedValueOnce({ files: ['/home/ag/Documents/people template.csv'] });
    await fireEvent.click(screen.getByTestId('import-template'));
    expect(api.saveImportTemplate).toHaveBeenCalledWith('people');
    await waitFor(() => expect(screen.getByTestId('import-done').textContent).toMatch('Saved the template'));
  });
});

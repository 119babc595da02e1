// The shared pieces the screens draw their dates and wide tables with: every date field names the
// same format, and a labelled table box is a region the keyboard can reach to scroll it.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Participant } from '../lib/wire';
import DateField from './DateField.svelte';
import ParticipantForm from './ParticipantForm.svelte';
import ScrollTable from './ScrollTable.svelte';

afterEach(cleanup);

const hintOf = (input: HTMLElement) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent;

describe('DateField', () => {
  it('names the format, and joins more words after it as a phrase or a sentence', () => {
    render(DateField, { id: 'on', label: 'Date', required: true, testid: 'on' });
    expect(hintOf(screen.getByLabelText('Date'))).toBe('dd/mm/yyyy');
    cleanup();
    render(DateField, { id: 'ends', label: 'End date', hint: 'leave empty if it carries on' });
    expect(hintOf(screen.getByLabelText('End date (optional)'))).toBe('dd/mm/yyyy; leave empty if it carries on');
    cleanup();
    render(DateField, { id: 'leave', label: 'Leaving', required: true, hint: 'First day no longer on the roster' });
    expect(hintOf(screen.getByLabelText('Leaving'))).toBe('dd/mm/yyyy. First day no longer on the roster');
  });

  it('says "(optional)" unless told that whether it is needed depends on the rest of the form', () => {
    render(DateField, { id: 'dob', label: 'Date of birth', testid: 'dob' });
    const input = screen.getByLabelText<HTMLInputElement>('Date of birth (optional)');
    expect(input.id).toBe('dob');
    expect(input.dataset.testid).toBe('dob');
    expect(input.getAttribute('aria-required')).toBeNull();
    cleanup();
    render(DateField, { id: 'granted', label: 'Date granted', markOptional: false });
    expect(screen.getByLabelText('Date granted').id).toBe('granted');
  });

  it('marks a required date for assistive technology', () => {
    render(DateField, { id: 'given', label: 'Date given', required: true });
    expect(screen.getByLabelText('Date given').getAttribute('aria-required')).toBe('true');
  });
});

const table = createRawSnippet(() => ({ render: () => '<table><tbody><tr><td>Alison Grant</td></tr></tbody></table>' }));

describe('ScrollTable', () => {
  it('with a label, is a named region the keyboard can reach to scroll', () => {
    render(ScrollTable, { label: 'Staff accounts', children: table });
    const region = screen.getByRole('region', { name: 'Staff accounts' });
    expect(region.tabIndex).toBe(0);
    expect(region.querySelector('table')?.textContent).toBe('Alison Grant');
  });

  it('without one, only holds the table', () => {
    const { container } = render(ScrollTable, { children: table });
    expect(screen.queryByRole('region')).toBeNull();
    expect(container.querySelector('[tabindex]')).toBeNull();
    expect(container.querySelector('table')?.textContent).toBe('Alison Grant');
  });
});

describe('ParticipantForm', () => {
  const an: Participant = {
    id: 'p4', establishment_id: 'e1', kind: 'in_custody', prison_number: '100002', given_name: 'Văn An', family_name: 'Nguyễn',
    date_of_birth: null, location: 'A Hall', status: 'in_custody', status_since: null, expected_liberation: null, printed_name: 'Nguyễn Văn An',
  };

  it('keeps the name as printed through an edit, and sends none when it is emptied', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    render(ParticipantForm, { initial: an, submitLabel: 'Save details', onSubmit, idPrefix: 'edit-person' });
    const printed = screen.getByLabelText<HTMLInputElement>('Name as printed (optional)');
    expect(printed.value).toBe('Nguyễn Văn An');
    expect(hintOf(printed)).toMatch('On certificates and passports');
    await fireEvent.input(screen.getByTestId('edit-person-location'), { target: { value: 'B Hall' } });
    await fireEvent.submit(screen.getByTestId('edit-person-form'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toMatchObject({ location: 'B Hall', printed_name: 'Nguyễn Văn An' });
    await fireEvent.input(printed, { target: { value: '  ' } });
    await fireEvent.submit(screen.getByTestId('edit-person-form'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    expect(onSubmit.mock.calls[1][0].printed_name).toBeNull();
  });
});

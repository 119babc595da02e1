// Finding people by name or prison number as the caseworker types (People, and drop-ins at the
// register): asked for a moment after the last key, and only the newest answer shown, so a
// slower, older one never replaces it.
import { api } from './api';
import { debounce } from './debounce';
import { messageOf } from './errors';
import { establishmentId } from './session.svelte';
import type { Participant } from './wire';

export class PersonSearch {
  results = $state<Participant[]>([]);
  /** The words the results are for. */
  searched = $state('');
  error = $state<string | null>(null);
  #asked = 0;

  /** Looks for `query` (an empty one clears the results). */
  find = debounce(async (query: string) => {
    const mine = ++this.#asked;
    try {
      const found = query.trim() === '' ? [] : await api.findParticipants(establishmentId(), query);
      if (mine !== this.#asked) return;
      this.results = found;
      this.searched = query;
      this.error = null;
    } catch (e) {
      if (mine === this.#asked) this.error = messageOf(e);
    }
  }, 150);

  clear() {
    this.#asked++;
    this.results = [];
    this.searched = '';
  }
}

// The console token in localStorage; form drafts in sessionStorage so a 401 or lost
// connection that sends the user to the login page loses nothing they typed.
const TOKEN = 'wal.console.token';
const DRAFT = 'wal.console.draft.';

export const session = {
  token: () => localStorage.getItem(TOKEN),
  save(token) {
    localStorage.setItem(TOKEN, token);
  },
  clear() {
    localStorage.removeItem(TOKEN);
  },
};

export const drafts = {
  save(key, value) {
    sessionStorage.setItem(DRAFT + key, JSON.stringify(value));
  },
  load(key) {
    const raw = sessionStorage.getItem(DRAFT + key);
    if (!raw) return null;
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  },
  drop(key) {
    sessionStorage.removeItem(DRAFT + key);
  },
};

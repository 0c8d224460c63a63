// The scan-login ticket's life: create → show the code → poll → token, or expired → new code.
import { api } from '../../api/client.js';

export const POLL_MS = 2000;

/**
 * Poll a ticket until it ends. Calls onStatus(status) for each poll; resolves with
 * {token, user} once confirmed, or {expired: true} when the ticket died (expired or used).
 */
export async function pollTicket(ticket, { onStatus = () => {}, sleep = defaultSleep, cancelled = () => false, get = api.get } = {}) {
  for (;;) {
    if (cancelled()) return { cancelled: true };
    let state;
    try {
      state = await get(`/api/v1/console/login-tickets/${encodeURIComponent(ticket)}`);
    } catch (error) {
      // A rate limit or a blip: wait and poll again; a 404/410 means the ticket is gone.
      if (error.status === 404 || error.status === 410) return { expired: true };
      onStatus('retry');
      await sleep(POLL_MS * 2);
      continue;
    }
    onStatus(state.status);
    if (state.status === 'confirmed' && state.token) return { token: state.token, user: state.user };
    if (state.status === 'expired' || state.status === 'used') return { expired: true };
    await sleep(POLL_MS);
  }
}

function defaultSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

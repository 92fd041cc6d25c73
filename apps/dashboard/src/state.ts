import { reactive } from 'vue';
import type { Session } from './api/types';

const TOKEN_KEY = 'pm.dashboard.token';
const POSITION_KEY = 'pm.dashboard.position';
const AS_OF_KEY = 'pm.dashboard.asOf';

const initialAsOf = (): string => {
  const fromUrl = new URLSearchParams(location.search).get('asOf');
  if (fromUrl && /^\d{4}-\d{2}-\d{2}$/.test(fromUrl)) return fromUrl;
  return sessionStorage.getItem(AS_OF_KEY) ?? '';
};
/** Whether a date was asked for (a link with asOf, or a choice in this tab, 今天 included). */
let asOfChosen =
  new URLSearchParams(location.search).has('asOf') || sessionStorage.getItem(AS_OF_KEY) !== null;

/** The signed-in token (sessionStorage: gone when the tab closes), who it is, the as-of date, the last write. */
export const store = reactive({
  token: sessionStorage.getItem(TOKEN_KEY) ?? '',
  session: null as Session | null,
  /** `YYYY-MM-DD`, or '' for today: every read-model query carries it as `asOf`. */
  asOf: initialAsOf(),
  /** The position the last command returned: queries send it as X-Min-Position (read your own writes). */
  lastPosition: Number(sessionStorage.getItem(POSITION_KEY) ?? 0) || 0,
  /** A message shown once on the sign-in page (e.g. the token expired). */
  notice: '',
  /** Since when the figures stand still (the freshness banner's 数据更新已暂停), else null: the printout says so. */
  figuresPausedSince: null as string | null,
});

export function setToken(token: string): void {
  store.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function signOut(notice = ''): void {
  store.token = '';
  store.session = null;
  store.notice = notice;
  store.lastPosition = 0;
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(POSITION_KEY);
}

/** Sets the as-of date ('' = today) and remembers the choice for this tab. */
export function setAsOf(asOf: string): void {
  store.asOf = asOf;
  asOfChosen = true;
  sessionStorage.setItem(AS_OF_KEY, asOf);
}

/**
 * The date the dashboard opens on when none was asked for: simulated data ends years before today, so the demo
 * opens on the last day it simulated, as the server says it (the picker shows it; 今天 is one click away).
 */
export function defaultAsOf(session: Session): string | null {
  const last = session.simulatedData?.simulatedUntil;
  return !asOfChosen && last ? last : null;
}

export function notePosition(position: number): void {
  if (Number.isFinite(position) && position > store.lastPosition) {
    store.lastPosition = position;
    sessionStorage.setItem(POSITION_KEY, String(position));
  }
}

export const can = {
  acknowledge: (): boolean =>
    store.session?.role === 'supervisor' ||
    store.session?.role === 'reporter' ||
    store.session?.role === 'admin',
  /** Read who gets the alert notices and the outbox (the API's `supervisor` guard; admin always passes). */
  readNotices: (): boolean => store.session?.role === 'supervisor' || store.session?.role === 'admin',
  /** Change recipients and robots, retry a dead letter (the API's `admin` guard). */
  manageNotices: (): boolean => store.session?.role === 'admin',
};

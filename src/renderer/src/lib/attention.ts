/**
 * Approvals you cannot miss: a browser/OS notification per newly waiting approval (Notification API — Electron's
 * renderer shows it as an OS notification too) and an opt-in sound. Preferences live in this browser profile.
 */
import type { ApprovalRequest } from '../../../shared/approvals';

const SOUND_KEY = 'dcc-mcp-hub.approvalSound';

export interface AttentionPrefs {
  /** 'granted' | 'denied' | 'default', or 'unsupported' when the page has no Notification API. */
  permission: string;
  sound: boolean;
}

export function attentionPrefs(): AttentionPrefs {
  return { permission: typeof Notification === 'undefined' ? 'unsupported' : Notification.permission, sound: localStorage.getItem(SOUND_KEY) === '1' };
}

export function setSound(on: boolean): void {
  localStorage.setItem(SOUND_KEY, on ? '1' : '0');
  if (on) beep();
}

/** Asks for notification permission; call only from a user gesture (browsers ignore it otherwise). */
export async function askNotificationPermission(): Promise<string> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission === 'default' ? Notification.requestPermission() : Notification.permission;
}

/** A short two-tone chime (WebAudio: no asset to ship). */
export function beep(): void {
  try {
    const ctx = new AudioContext();
    const gain = ctx.createGain();
    gain.gain.value = 0.08;
    gain.connect(ctx.destination);
    [880, 660].forEach((f, i) => {
      const o = ctx.createOscillator();
      o.frequency.value = f;
      o.connect(gain);
      o.start(ctx.currentTime + i * 0.14);
      o.stop(ctx.currentTime + i * 0.14 + 0.12);
    });
    setTimeout(() => void ctx.close(), 600);
  } catch {
    // No audio device (headless): the notification and the banner still tell.
  }
}

/** Tracks which approvals were already announced, so each waiting one interrupts once. */
export class ApprovalAnnouncer {
  private seen = new Set<string>();
  private primed = false;

  /** Announces approvals not seen before (not those already waiting when the panel opened: the banner shows them). */
  update(pending: ApprovalRequest[]): void {
    const fresh = pending.filter((p) => !this.seen.has(p.id));
    this.seen = new Set(pending.map((p) => p.id));
    if (!this.primed) return void (this.primed = true);
    if (fresh.length === 0) return;
    const prefs = attentionPrefs();
    if (prefs.sound) beep();
    if (prefs.permission !== 'granted') return;
    for (const p of fresh) {
      const n = new Notification(`${p.agent.name} wants to run a script in ${p.dccType}`, { body: `${p.tool}${p.scene ? ` · ${p.scene}` : ''} — waiting for your decision`, tag: `approval-${p.id}`, requireInteraction: true });
      n.onclick = () => {
        window.focus();
        location.hash = '#/approvals';
        n.close();
      };
    }
  }
}

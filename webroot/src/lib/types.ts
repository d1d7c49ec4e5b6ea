import type { Money } from '@/lib/utils';

export type Role = 'CREATOR' | 'SUBSCRIBER' | 'ADMIN';

export interface Bundle {
  months: number;
  discountPercent: number;
  /** The bundle's total, from the server (absent in what a creator sends). */
  price?: Money;
}

export interface User {
  id: string;
  username: string;
  role: Role;
  displayName?: string;
  bio?: string;
  avatar?: string;
  banner?: string;
  verified?: boolean;
  email?: string;
  status?: string;
  totpEnabled?: boolean;
  subscriptionPrice?: Money;
  bundles?: Bundle[];
  trialDays?: number;
  subscriberCount?: number;
  postCount?: number;
}

export interface MediaRef {
  id: string;
  mimeType: string;
  url: string;
  thumbnailUrl?: string;
  width?: number;
  height?: number;
}

export interface Post {
  id: string;
  creator: { id: string; username: string };
  type: string;
  visibility: 'PUBLIC' | 'SUBSCRIBERS' | 'PPV';
  locked: boolean;
  mediaCount: number;
  likes: number;
  views: number;
  liked?: boolean;
  price?: Money;
  text?: string;
  textPreview?: string;
  previewUrl?: string;
  media?: MediaRef[];
  publishAt: string;
  createdAt: string;
  scheduled?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface Subscription {
  id: string;
  creator: { id: string; username: string; displayName?: string };
  status: 'ACTIVE' | 'TRIALING' | 'CANCELLED' | 'EXPIRED' | 'PAST_DUE';
  currentPeriodEnd: string;
  price: Money;
  cancelAtPeriodEnd?: boolean;
  months?: number;
  /** Set while PAST_DUE: the card that was declined and why. */
  renewalIssue?: { declineCode?: string; card?: { brand?: string; last4?: string }; at?: string } | null;
}

/** A card the platform keeps for the fan (never its number). */
export interface SavedCard {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
}

/** Whether a subscription still gives access (a cancelled one does until its period ends). */
export function isCurrent(s: Subscription, now = Date.now()): boolean {
  if (s.status === 'EXPIRED') return false;
  return s.status !== 'CANCELLED' || new Date(s.currentPeriodEnd).getTime() > now;
}

export interface Payment {
  id: string;
  type: string;
  status: string;
  amount: Money;
  fee?: Money;
  net?: Money;
  createdAt: string;
  creator?: { id: string; username?: string };
  receiptNumber?: string;
  [key: string]: unknown;
}

export interface Stream {
  id: string;
  creatorId: string;
  creator?: { id: string; username: string; displayName?: string };
  title: string;
  description?: string;
  access: 'PUBLIC' | 'SUBSCRIBERS' | 'TICKET';
  ticketPrice?: Money;
  status: 'SCHEDULED' | 'LIVE' | 'ENDED' | 'CANCELLED';
  settings?: { chatEnabled?: boolean; tipsEnabled?: boolean; recordingEnabled?: boolean; slowModeSeconds?: number };
  stats?: { viewerCount?: number; peakViewers?: number; totalTips?: number; duration?: number };
  viewerCount?: number;
  peakViewers?: number;
  totalTips?: Money | number;
  moderators?: string[];
}

/**
 * The paths of pages that mails and the CLI link to. Absolute links are `baseUrl + path`;
 * the base comes from LECTERN_PUBLIC_URL.
 */
export const links = {
  login: () => '/login',
  forgotPassword: () => '/password/forgot',
  verifyEmail: (token: string, next?: string) =>
    `/signup/verify/${encodeURIComponent(token)}${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`,
  setPassword: (token: string) => `/password/set/${encodeURIComponent(token)}`,
  resetPassword: (token: string) => `/password/reset/${encodeURIComponent(token)}`,
  speakerProposal: (eventSlug: string, code: string) => `/${eventSlug}/me/proposals/${encodeURIComponent(code)}`,
  speakerInvitation: (eventSlug: string, token: string) => `/${eventSlug}/me/invitations/${encodeURIComponent(token)}`,
  publicSchedule: (eventSlug: string) => `/${eventSlug}/schedule`,
  publicTalk: (eventSlug: string, talkSlug: string) => `/${eventSlug}/talks/${encodeURIComponent(talkSlug)}`,
  orgaEvent: (eventSlug: string) => `/orga/${eventSlug}`,
  orgaProposal: (eventSlug: string, code: string) => `/orga/${eventSlug}/proposals/${encodeURIComponent(code)}`,
};

export function absolute(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

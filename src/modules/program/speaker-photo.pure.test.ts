import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../shared/errors.js';
import { MAX_PHOTO_URL, parseSpeakerPhotoUrl, resolveSpeakerPhotoUrl } from './speaker-photo.js';

function refusal(value: string): { field: string; message: string } {
  try {
    parseSpeakerPhotoUrl(value);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.toFieldError();
    throw error;
  }
  throw new Error(`${value} was accepted`);
}

describe('parseSpeakerPhotoUrl', () => {
  it('keeps an absolute https:// address as the URL parser writes it, and reads an empty one as no photo', () => {
    expect(parseSpeakerPhotoUrl('  https://cdn.example.org/people/ada%20lovelace.jpg?s=1&t=2 ')).toBe(
      'https://cdn.example.org/people/ada%20lovelace.jpg?s=1&t=2',
    );
    expect(parseSpeakerPhotoUrl('HTTPS://CDN.Example.org/a.png')).toBe('https://cdn.example.org/a.png');
    expect(parseSpeakerPhotoUrl('   ')).toBeNull();
  });

  it('keeps the address of a photo uploaded to this site, and no other path of it', () => {
    expect(parseSpeakerPhotoUrl(' /media/speaker-photos/12-0123456789abcdef.webp ')).toBe(
      '/media/speaker-photos/12-0123456789abcdef.webp',
    );
    for (const path of [
      '/media/speaker-photos/12-0123456789ABCDEF.webp',
      '/media/speaker-photos/12-0123456789abcdef.png',
      '/media/speaker-photos/0-0123456789abcdef.webp',
      '/media/speaker-photos/12-0123456789abcdef.webp?x=1',
      '/media/../orga',
      '//evil.example/media/speaker-photos/12-0123456789abcdef.webp',
    ]) {
      expect(() => parseSpeakerPhotoUrl(path)).toThrow('is not an https:// address');
    }
  });

  it('refuses every address that is not https://, naming the field', () => {
    const notHttps = (value: string) => ({
      field: 'photoUrl',
      message: `"${value}" is not an https:// address; give the photo's full address, starting with https://`,
    });
    for (const value of [
      'javascript:alert(1)',
      'http://example.org/a.jpg',
      'data:image/png;base64,AAAA',
      'ftp://example.org/a.jpg',
      '/media/a.jpg',
      'example.org/a.jpg',
      'https://',
    ]) {
      expect(refusal(value)).toEqual(notHttps(value));
    }
  });

  it('refuses spaces, control characters, credentials and addresses longer than MAX_PHOTO_URL', () => {
    expect(refusal('https://example.org/a b.jpg')).toEqual({
      field: 'photoUrl',
      message: 'the photo address must not contain spaces or control characters',
    });
    expect(refusal('https://example.org/a\u0000.jpg').message).toBe(
      'the photo address must not contain spaces or control characters',
    );
    expect(refusal('https://ada:secret@example.org/a.jpg').message).toBe(
      'the photo address must not contain a user name or password',
    );
    const long = `https://example.org/${'a'.repeat(MAX_PHOTO_URL)}`;
    expect(refusal(long).message).toBe(`the photo address must be at most ${MAX_PHOTO_URL} characters long`);
    const longest = `https://example.org/${'a'.repeat(MAX_PHOTO_URL - 'https://example.org/'.length)}`;
    expect(parseSpeakerPhotoUrl(longest)).toBe(longest);
  });

  it('names the field it is given', () => {
    expect(() => parseSpeakerPhotoUrl('http://example.org/a.jpg', 'avatar')).toThrow(
      'avatar: "http://example.org/a.jpg" is not an https:// address',
    );
  });
});

describe('resolveSpeakerPhotoUrl', () => {
  const base = 'https://fahrplan.example.org/2024/';

  it('resolves a relative address against the base, and keeps an absolute one as it is', () => {
    expect(resolveSpeakerPhotoUrl('media/avatars/ada.jpg', base)).toEqual({
      ok: true,
      url: 'https://fahrplan.example.org/2024/media/avatars/ada.jpg',
    });
    expect(resolveSpeakerPhotoUrl('/media/ada.jpg', base)).toEqual({
      ok: true,
      url: 'https://fahrplan.example.org/media/ada.jpg',
    });
    expect(resolveSpeakerPhotoUrl('https://cdn.example.net/ada.jpg', base)).toEqual({
      ok: true,
      url: 'https://cdn.example.net/ada.jpg',
    });
    expect(resolveSpeakerPhotoUrl('', base)).toEqual({ ok: true, url: null });
  });

  it('says why an address cannot be kept: relative without a base, or not https once resolved', () => {
    expect(resolveSpeakerPhotoUrl('media/ada.jpg', undefined)).toEqual({
      ok: false,
      problem: '"media/ada.jpg" is a relative address and the file gives no base_url to resolve it against',
    });
    expect(resolveSpeakerPhotoUrl('media/ada.jpg', 'http://fahrplan.example.org/')).toEqual({
      ok: false,
      problem:
        '"http://fahrplan.example.org/media/ada.jpg" is not an https:// address; give the photo\'s full address, starting with https://',
    });
    expect(resolveSpeakerPhotoUrl('javascript:alert(1)', base)).toEqual({
      ok: false,
      problem:
        '"javascript:alert(1)" is not an https:// address; give the photo\'s full address, starting with https://',
    });
  });
});

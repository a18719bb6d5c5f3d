import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import sharp, { type Metadata } from 'sharp';
import type { Database } from '../../db/client.js';
import { speakerPhotos } from '../../db/schema.js';
import { InvalidInputError } from '../../shared/errors.js';

/**
 * Photos speakers upload: checked, cut to a square, re-encoded as WebP without any of the file's
 * metadata (EXIF, GPS, XMP, ICC profiles), kept in the database so that every app instance serves
 * them, and addressed by id and content hash so that browsers and proxies may keep them forever.
 */

/** The largest file a speaker may upload (routes refuse more with a 413 before it is read whole). */
export const MAX_PHOTO_UPLOAD_BYTES = 10 * 1024 * 1024;
/** The side of the square a photo is cut to: 7 times the largest avatar pages show (72 px), enough for any screen. */
export const PHOTO_SIZE = 512;
/**
 * Images whose pixels would take more than this are refused before they are decoded: a small
 * file (a "decompression bomb") may declare 50,000 × 50,000 pixels. 40 megapixels is beyond any
 * phone camera's photo, and about 160 MB decoded.
 */
export const MAX_PHOTO_INPUT_PIXELS = 40_000_000;
export const SPEAKER_PHOTO_FORMATS = ['jpeg', 'png', 'webp'] as const;

const PHOTO_PATH = /^\/media\/speaker-photos\/([1-9][0-9]{0,9})-([0-9a-f]{16})\.webp$/;

/** The address of an uploaded photo on this site, which a speaker profile's photo_url holds. */
export function speakerPhotoPath(photo: { id: number; hash: string }): string {
  return `/media/speaker-photos/${photo.id}-${photo.hash}.webp`;
}

/** The id and hash an uploaded photo's address names; undefined for any other address. */
export function parseSpeakerPhotoPath(path: string): { id: number; hash: string } | undefined {
  const match = PHOTO_PATH.exec(path);
  if (!match) return undefined;
  const id = Number(match[1]);
  return id <= 2_147_483_647 ? { id, hash: match[2]! } : undefined;
}

export interface ProcessedPhoto {
  bytes: Buffer;
  contentType: 'image/webp';
  width: number;
  height: number;
  hash: string;
}

/**
 * Turns an uploaded file into the photo Lectern keeps: a JPEG, PNG or WebP (judged by its bytes,
 * never its name or declared type) of at most MAX_PHOTO_INPUT_PIXELS, turned upright as its EXIF
 * orientation says, cut to a PHOTO_SIZE square around its centre (a smaller one is not enlarged)
 * and written as WebP. sharp writes no metadata unless asked, so the result carries none.
 */
export async function processSpeakerPhoto(upload: Buffer, field = 'photo'): Promise<ProcessedPhoto> {
  if (upload.length === 0) throw new InvalidInputError('choose an image file to upload', field);
  // The header alone says the format and size: read it without decoding the pixels.
  let header: Metadata | undefined;
  try {
    header = await sharp(upload, { limitInputPixels: false }).metadata();
  } catch {
    header = undefined;
  }
  if (!header?.format || !(SPEAKER_PHOTO_FORMATS as readonly string[]).includes(header.format))
    throw new InvalidInputError('the file is not a JPEG, PNG or WebP image', field);
  const tooLarge = new InvalidInputError(
    `the image is too large: at most ${MAX_PHOTO_INPUT_PIXELS / 1_000_000} megapixels, please`,
    field,
  );
  if ((header.width ?? 0) * (header.height ?? 0) > MAX_PHOTO_INPUT_PIXELS) throw tooLarge;
  // And sharp refuses to decode more, should the header have said less than the data holds.
  const options = { limitInputPixels: MAX_PHOTO_INPUT_PIXELS, failOn: 'error' as const };
  try {
    const { data, info } = await sharp(upload, { ...options, pages: 1 })
      .rotate()
      .resize(PHOTO_SIZE, PHOTO_SIZE, { fit: 'cover', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return {
      bytes: data,
      contentType: 'image/webp',
      width: info.width,
      height: info.height,
      hash: createHash('sha256').update(data).digest('hex').slice(0, 16),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/pixel limit/i.test(message)) throw tooLarge;
    throw new InvalidInputError('the image cannot be read: it may be damaged or cut short', field);
  }
}

/** Keeps a processed photo as the account's; returns its address. Call inside the caller's transaction. */
export async function insertSpeakerPhoto(tx: Database, userId: number, photo: ProcessedPhoto): Promise<string> {
  const [row] = await tx
    .insert(speakerPhotos)
    .values({
      userId,
      hash: photo.hash,
      contentType: photo.contentType,
      width: photo.width,
      height: photo.height,
      bytes: photo.bytes,
    })
    .returning({ id: speakerPhotos.id, hash: speakerPhotos.hash });
  return speakerPhotoPath(row!);
}

/** Deletes the account's uploaded photos that no speaker profile names any more. Call inside the caller's transaction. */
export async function deleteUnusedSpeakerPhotos(tx: Database, userId: number): Promise<void> {
  await tx.execute(sql`
    DELETE FROM speaker_photos p
    WHERE p.user_id = ${userId}
      AND NOT EXISTS (
        SELECT 1 FROM speakers s
        WHERE s.photo_url = '/media/speaker-photos/' || p.id || '-' || p.hash || '.webp'
      )`);
}

export interface StoredSpeakerPhoto {
  bytes: Buffer;
  contentType: string;
  hash: string;
}

/** The uploaded photo with this id and hash; undefined when there is none (or the hash is another's). */
export async function findSpeakerPhoto(
  db: Database,
  id: number,
  hash: string,
): Promise<StoredSpeakerPhoto | undefined> {
  const [row] = await db
    .select({ bytes: speakerPhotos.bytes, contentType: speakerPhotos.contentType, hash: speakerPhotos.hash })
    .from(speakerPhotos)
    .where(and(eq(speakerPhotos.id, id), eq(speakerPhotos.hash, hash)));
  return row;
}

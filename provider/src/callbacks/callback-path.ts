/** Where JOD posts callbacks: `${publicUrl}${CALLBACK_PATH_PREFIX}/${token}`. */
export const CALLBACK_PATH_PREFIX = "/jod/callback";

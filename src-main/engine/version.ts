export const ENGINE_VERSION = '0.5.4';

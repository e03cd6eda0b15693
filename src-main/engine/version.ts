export const ENGINE_VERSION = '0.5.3';

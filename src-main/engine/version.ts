export const ENGINE_VERSION = '0.4.0';

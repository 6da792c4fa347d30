export * from './constants';
export * from './types';
export * from './network';
export * from './jitterBuffer';
export * from './rto';
export * from './simulation';
export * from './summary';
export * from './audio';

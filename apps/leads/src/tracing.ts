// Imported first by main.ts: tracing must be set up before the pg driver is loaded, so its queries become spans.
import 'reflect-metadata';
import { startTracing } from '@saleswire/observability';

startTracing('leads');

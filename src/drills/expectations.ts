import type { Expectation } from './drill-types';

/**
 * Expectations over the console's plain-text answer. Each is worded as the report prints it, so a
 * failed drill reads as the sentence the bot should have said.
 */
export const says = (text: string, label = `says "${text}"`): Expectation => ({ label, holds: (answer) => answer.includes(text) });

export const matches = (pattern: RegExp, label: string): Expectation => ({ label, holds: (answer) => pattern.test(answer) });

export const doesNotSay = (text: string, label = `does not say "${text}"`): Expectation => ({ label, holds: (answer) => !answer.includes(text) });

/** A regular expression source that matches NAME literally (node names hold `.` and `@`). */
export const literal = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The node's row in `/rmq status` shows this state, e.g. "RabbitMQ down". */
export const nodeState = (node: string, state: string): Expectation =>
  matches(new RegExp(`^. ${literal(node)}\\n  State +. ${literal(state)}`, 'm'), `${node} is shown as "${state}"`);

/** The verdict line (`✔ 3 of 3 nodes up; …`). */
export const headline = (text: string): Expectation => matches(new RegExp(`^. ${literal(text)}`, 'm'), `the verdict reads "${text}"`);

export { reviewEvents, withActor, type TestReviewEvent } from './review-events';
export { installDatabaseClock, type DatabaseClock } from './database-clock';
export { SAMPLE_PLAN, sampleAlerts, sampleClosingV1, sampleReview, sampleStreams } from './sample-review';
export { sampleStanding } from './sample-standing';

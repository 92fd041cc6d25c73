export { reviewEvents, withActor, type TestReviewEvent } from './review-events';
export { installDatabaseClock, type DatabaseClock } from './database-clock';
export { SAMPLE_PLAN, sampleAlerts, sampleClosing, sampleReview, sampleStreams } from './sample-review';

export * from './rules';
export { ReadModelsModule } from './read-models.module';

import { DiscoveryService } from '@nestjs/core';

/**
 * Marks a provider that implements `Projection`; the ProjectionRunner finds it by this
 * mark, so adding a projection is one class and one line in its module's providers.
 */
export const Projector = DiscoveryService.createDecorator<void>();

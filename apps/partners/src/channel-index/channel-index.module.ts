import { Module } from '@nestjs/common';
import { ChannelIndexEventsController } from './channel-index.events.controller';
import { ChannelIndexReader } from './channel-index.reader';
import { ChannelKeyStore } from './channel-key.store';
import { ChannelIndexService } from './channel-index.service';
import { ChannelIndexStore } from './channel-index.store';
import { ConflictFinder } from './conflict.finder';

/** The channel index: kept from the leads and deals events, read by registrations to find channel conflicts and by a customer's history. */
@Module({
  controllers: [ChannelIndexEventsController],
  providers: [ChannelKeyStore, ChannelIndexStore, ChannelIndexService, ConflictFinder, ChannelIndexReader],
  exports: [ConflictFinder, ChannelIndexReader, ChannelKeyStore],
})
export class ChannelIndexModule {}

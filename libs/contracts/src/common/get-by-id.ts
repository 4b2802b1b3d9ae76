import { Type } from 'class-transformer';
import { IsObject, IsUUID, ValidateNested } from 'class-validator';
import { ActorV1 } from './envelope';

/** Asks for one record by id, in the caller's scope: the request of every `get-<record>` contract. */
export class GetByIdRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  id!: string;
}

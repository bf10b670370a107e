import {
  type ArgumentMetadata,
  Injectable,
  Param,
  ParseUUIDPipe,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../domain/calendar-date.js';
import type { FieldViolation } from '../domain/domain-error.js';
import { RequestValidationError } from './request-validation.error.js';

/** Flattens class-validator's tree into `field: message` pairs with dotted paths. */
export function toFieldViolations(errors: ValidationError[], prefix = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = `${prefix}${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([name, message]) => ({
      field,
      message: name === 'whitelistValidation' ? 'is not a known field' : withoutName(message, error.property),
    }));
    return [...own, ...toFieldViolations(error.children ?? [], `${field}.`)];
  });
}

/** class-validator starts its messages with the property name, which `field` already says. */
function withoutName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/**
 * The global pipe: rejects unknown fields, a body that is no JSON object, and every rule
 * of the DTOs, all at once, as one 400 problem naming each field.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      stopAtFirstError: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationError(toFieldViolations(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata) && !isPlainObject(value)) {
      throw new RequestValidationError([{ field: 'body', message: 'must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new RequestValidationError([{ field: name, message: 'must be a UUID' }]),
    }),
  );

/** Optional, but when present must not be null (unlike IsOptional, which lets null through). */
export const IsOptionalNotNull = (options?: ValidationOptions) =>
  ValidateIf((_object, value) => value !== undefined, options);

export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => 'must be a calendar date YYYY-MM-DD',
      },
    },
    options,
  );

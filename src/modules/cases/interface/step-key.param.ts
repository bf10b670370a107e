import { Param, type PipeTransform } from '@nestjs/common';
import { RequestValidationError } from '../../../shared/interface/request-validation.error.js';

const STEP_KEY = /^[a-z0-9][a-z0-9_-]{0,49}$/;

const stepKeyPipe: PipeTransform<string, string> = {
  transform(value) {
    if (!STEP_KEY.test(value)) {
      throw new RequestValidationError([{ field: 'stepKey', message: 'must be a step key (a-z, 0-9, _ and -)' }]);
    }
    return value;
  },
};

/** The `:stepKey` path parameter, in the template's key syntax. */
export const StepKeyParam = () => Param('stepKey', stepKeyPipe);

import { Module } from '@nestjs/common';
import { PagesController } from './pages.controller.js';

/** Pages for people: sign-in with a page session, and the scripts the pages load. */
@Module({ controllers: [PagesController] })
export class PagesModule {}

import { drawTd3 } from './test/fixtures/documents.js';
import { PEOPLE } from './test/fixtures/mrzText.js';
import { singleDocumentScene, encodeScene } from './test/fixtures/scene.js';
import fs from 'node:fs';
fs.writeFileSync('/tmp/exp/td3flat.png', await encodeScene(singleDocumentScene(drawTd3(PEOPLE.passport)), 'png'));

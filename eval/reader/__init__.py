"""The learned reader's training: question-sentence pairs from the training gold files (pairs.py), a cross-encoder
fine-tuned on them with sentence-transformers and exported to ONNX (train.py), `python -m eval train`."""

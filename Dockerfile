# The app from the serving install (no torch): docker build -t gov-report-qa . && docker run -p 7860:7860 gov-report-qa
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY rag ./rag
RUN pip install --no-cache-dir ".[serve]" && python -c "import importlib.util as u; assert u.find_spec('torch') is None"
ENV RAG_HOME=/data RAG_CACHE_DIR=/data/cache RAG_HOST=0.0.0.0 RAG_PORT=7860 RAG_ADMIN_HOST=127.0.0.1
VOLUME /data
EXPOSE 7860
# the first start converts the model and builds the index of the bundled report into /data (about 40 s)
CMD ["gov-report-qa"]
